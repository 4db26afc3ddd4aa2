/// One round of admissions as the allocation sees it: schools with their quotas, and applicants with an admission
/// score, a unique tie-break number and their preferences in order. Preferences are kept flat (one array for all
/// applicants) so a million applicants cost a few arrays, not a million.
public struct AllocationProblem: Sendable {
    public struct School: Sendable, Hashable {
        public let code: String
        public let quota: Int

        public init(code: String, quota: Int) {
            self.code = code
            self.quota = quota
        }
    }

    /// One listed preference: the school (its position in `schools`) and the rank the applicant gave it (1 = NV1).
    /// Ranks rise but may skip (a blank NV2 leaves NV3 as rank 3), which matters under a rank penalty.
    public struct Preference: Sendable, Hashable {
        public let school: Int32
        public let rank: Int32

        public init(school: Int32, rank: Int32) {
            self.school = school
            self.rank = rank
        }
    }

    public private(set) var schools: [School] = []
    public private(set) var applicantIDs: [String] = []
    /// Exam score plus priority (and encouragement) points.
    public private(set) var admissionScores: [Points] = []
    /// Lower wins a tie.
    public private(set) var tiebreaks: [Int64] = []
    private var preferenceEnds: [Int32] = []
    private var preferenceList: [Preference] = []

    public init(schools: [School] = []) {
        self.schools = schools
    }

    public var applicantCount: Int { applicantIDs.count }

    public mutating func addSchool(_ school: School) {
        schools.append(school)
    }

    /// Preferences must name schools already added, with ranks rising; the callers (file reader, tests) check the
    /// input and report problems in people's terms first.
    public mutating func addApplicant(id: String, admissionScore: Points, tiebreak: Int64, preferences: [Preference]) {
        precondition(preferences.allSatisfy { Int($0.school) < schools.count && $0.rank >= 1 }, "preferences name added schools")
        applicantIDs.append(id)
        admissionScores.append(admissionScore)
        tiebreaks.append(tiebreak)
        preferenceList.append(contentsOf: preferences)
        preferenceEnds.append(Int32(preferenceList.count))
    }

    public mutating func reserveCapacity(applicants: Int, preferencesEach: Int) {
        applicantIDs.reserveCapacity(applicants)
        admissionScores.reserveCapacity(applicants)
        tiebreaks.reserveCapacity(applicants)
        preferenceEnds.reserveCapacity(applicants)
        preferenceList.reserveCapacity(applicants * preferencesEach)
    }

    public func preferences(of applicant: Int) -> ArraySlice<Preference> {
        let start = applicant == 0 ? 0 : Int(preferenceEnds[applicant - 1])
        return preferenceList[start..<Int(preferenceEnds[applicant])]
    }
}
