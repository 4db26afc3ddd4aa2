import Access

/// What a principal may see and change in the registry. Deny by default: an empty reach sees nothing.
public struct Reach: Sendable, Equatable {
    /// Every school (department roles).
    public let allSchools: Bool
    /// Whole schools (commune officers: the schools of their commune; school roles: their school).
    public let schools: Set<Int>
    /// Single classes (teachers: the classes they are homeroom teacher of).
    public let classes: Set<Int>
    /// Schools whose records may be changed.
    public let writableAll: Bool
    public let writableSchools: Set<Int>

    public init(allSchools: Bool, schools: Set<Int>, classes: Set<Int>, writableAll: Bool, writableSchools: Set<Int>) {
        self.allSchools = allSchools
        self.schools = schools
        self.classes = classes
        self.writableAll = writableAll
        self.writableSchools = writableSchools
    }

    public static let nothing = Reach(allSchools: false, schools: [], classes: [], writableAll: false, writableSchools: [])

    public func canRead(school: Int) -> Bool { allSchools || schools.contains(school) }

    public func canWrite(school: Int) -> Bool { writableAll || writableSchools.contains(school) }

    /// A student is visible through their school, or through a class they are enrolled in.
    public func canRead(studentSchool: Int, studentClasses: [Int]) -> Bool {
        canRead(school: studentSchool) || studentClasses.contains(where: classes.contains)
    }
}
