/// One round of admissions as the allocation sees it: schools with their quotas, and applicants with an admission
/// score, a unique tie-break number, their preferences in order and, for some, a direct admission (tuyển thẳng).
/// Preferences are kept flat (one array for all applicants) so a million applicants cost a few arrays, not a million.
public struct AllocationProblem: Sendable {
    public struct School: Sendable, Hashable {
        public let code: String
        public let quota: Int
        /// A specialised school (trường chuyên) is filled in a stage of its own, before the ordinary schools.
        public let isSpecialised: Bool

        public init(code: String, quota: Int, isSpecialised: Bool = false) {
            self.code = code
            self.quota = quota
            self.isSpecialised = isSpecialised
        }
    }

    /// One listed preference: the school (its position in `schools`) and the rank the applicant gave it (1 = NV1).
    /// Ranks rise but may skip (a blank NV2 leaves NV3 as rank 3), which matters under a rank penalty.
    /// `inCatchment`: the applicant lives in the school's catchment (tuyến; grades 1 and 6), which the school ranks
    /// above any score.
    public struct Preference: Sendable, Hashable {
        public let school: Int32
        /// The rank with the catchment in its sign bit, so a preference stays 8 bytes (a million applicants' lists).
        private let rankAndCatchment: Int32

        public init(school: Int32, rank: Int32, inCatchment: Bool = false) {
            precondition(rank >= 1, "ranks start at 1")
            self.school = school
            rankAndCatchment = inCatchment ? rank | Int32.min : rank
        }

        public var rank: Int32 { rankAndCatchment & Int32.max }
        public var inCatchment: Bool { rankAndCatchment < 0 }
    }

    public private(set) var schools: [School] = []
    public private(set) var applicantIDs: [String] = []
    /// Exam score plus priority (and encouragement) points.
    public private(set) var admissionScores: [Points] = []
    /// Lower wins a tie.
    public private(set) var tiebreaks: [Int64] = []
    /// Per applicant: the school (index) they are admitted to directly, or -1.
    public private(set) var directAdmissions: [Int32] = []
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
    public mutating func addApplicant(id: String, admissionScore: Points, tiebreak: Int64, preferences: [Preference],
                                      directAdmission: Int32? = nil) {
        precondition(preferences.allSatisfy { Int($0.school) < schools.count && $0.rank >= 1 }, "preferences name added schools")
        precondition(directAdmission.map { $0 >= 0 && Int($0) < schools.count } ?? true, "a direct admission names an added school")
        applicantIDs.append(id)
        admissionScores.append(admissionScore)
        tiebreaks.append(tiebreak)
        directAdmissions.append(directAdmission ?? -1)
        preferenceList.append(contentsOf: preferences)
        preferenceEnds.append(Int32(preferenceList.count))
    }

    public mutating func reserveCapacity(applicants: Int, preferencesEach: Int) {
        applicantIDs.reserveCapacity(applicants)
        admissionScores.reserveCapacity(applicants)
        tiebreaks.reserveCapacity(applicants)
        directAdmissions.reserveCapacity(applicants)
        preferenceEnds.reserveCapacity(applicants)
        preferenceList.reserveCapacity(applicants * preferencesEach)
    }

    public func preferences(of applicant: Int) -> ArraySlice<Preference> {
        let start = applicant == 0 ? 0 : Int(preferenceEnds[applicant - 1])
        return preferenceList[start..<Int(preferenceEnds[applicant])]
    }

    /// The rank a school ranks this preference by: its rank as listed, less the preferences of the other stage
    /// (specialised or ordinary) listed before it — a specialised candidate's first ordinary school counts as NV1 at the
    /// ordinary schools. Without specialised schools this is the rank as listed.
    func stageRank(of preference: Preference, among preferences: ArraySlice<Preference>) -> Int32 {
        let stage = schools[Int(preference.school)].isSpecialised
        var rank = preference.rank
        for earlier in preferences {
            if earlier == preference { break }
            if schools[Int(earlier.school)].isSpecialised != stage { rank -= 1 }
        }
        return rank
    }

    /// How the school of `preference` ranks the applicant, who listed it at `rank` (as listed, or the stage's rank).
    func priority(of applicant: Int, at preference: Preference, rank: Int32, rules: AllocationRules) -> SchoolPriority {
        SchoolPriority(inCatchment: preference.inCatchment,
                       score: rules.rankingScore(admissionScore: admissionScores[applicant], rank: rank),
                       tiebreak: tiebreaks[applicant])
    }

    /// Seats left at each school once the direct admissions are placed (never below zero).
    var seatsAfterDirectAdmissions: [Int] {
        var seats = schools.map(\.quota)
        for school in directAdmissions where school >= 0 { seats[Int(school)] = max(0, seats[Int(school)] - 1) }
        return seats
    }

    public var hasSpecialisedSchools: Bool { schools.contains(where: \.isSpecialised) }

    /// Whether the preference at `offset` in the applicant's list was one they were turned away from, given where they
    /// were placed (`position` in their list; nil when unplaced): one listed above the placement, except that a
    /// specialised placement is settled whatever ordinary school is listed above it, and a specialised school turned
    /// them away wherever it is listed when they were not placed at one.
    func turnedAway(_ applicant: Int, at offset: Int, placedAt position: Int?) -> Bool {
        let preferences = self.preferences(of: applicant)
        let isAbove = position.map { offset < $0 } ?? true
        let placedSpecialised = position.map { schools[Int(preferences[preferences.startIndex + $0].school)].isSpecialised } ?? false
        return schools[Int(preferences[preferences.startIndex + offset].school)].isSpecialised
            ? isAbove || !placedSpecialised
            : isAbove && !placedSpecialised
    }
}
