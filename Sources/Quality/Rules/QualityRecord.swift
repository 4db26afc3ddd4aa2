import EduCore

/// A record as the quality rules see it: plain fields by name (as in the registry's columns), plus the parsed ones
/// the checks need. No database here.
public struct QualityRecord: Sendable, Hashable {
    public let id: Int
    public let schoolID: Int
    public let fields: [String: String]
    public let nationalID: NationalID?
    public let dateOfBirth: CalendarDate?
    public let gender: Gender?
    /// When the record was last written or confirmed.
    public let updatedOn: CalendarDate?

    public init(id: Int, schoolID: Int, fields: [String: String], nationalID: NationalID?, dateOfBirth: CalendarDate?,
                gender: Gender?, updatedOn: CalendarDate?) {
        self.id = id
        self.schoolID = schoolID
        self.fields = fields
        self.nationalID = nationalID
        self.dateOfBirth = dateOfBirth
        self.gender = gender
        self.updatedOn = updatedOn
    }
}

/// A rule a record breaks.
public struct QualityFinding: Sendable, Hashable {
    public let recordID: Int
    public let schoolID: Int
    public let ruleID: String
}
