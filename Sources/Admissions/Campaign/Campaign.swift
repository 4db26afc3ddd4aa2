import EduCore

/// One admissions campaign: a school year and an entry grade (1, 6 or 10), its method and rules, the schools taking
/// part with their quotas, and where it stands. Open campaigns take applications; a closed one is allocated, then
/// published; enrolment is confirmed after publication.
public struct Campaign: Sendable, Hashable {
    public enum Method: String, Sendable, Codable, CaseIterable {
        case review = "xet_tuyen", exam = "thi_tuyen", combined = "ket_hop"
    }

    public enum Status: String, Sendable, Codable {
        case open, closed, allocated, published
    }

    public let id: Int
    public let schoolYear: String
    public let entryGrade: Int
    public let method: Method
    /// How many preferences (nguyện vọng) an application may list.
    public let preferenceCount: Int
    public let rankPenalty: Points
    public let status: Status
    public let schedule: CampaignSchedule
    /// The last day (in Vietnam) families may confirm the places of the results; the next day the places still
    /// unconfirmed go back by themselves. Nil until the department sets it.
    public let confirmBy: CalendarDate?
    /// The last day (in Vietnam) applicants placed nowhere may register new preferences for the supplementary round;
    /// nil when registration is not open (running the round closes it).
    public let supplementaryUntil: CalendarDate?

    /// Grades 1 and 6 admit by catchment (tuyến); grade 10 by score.
    public var usesCatchments: Bool { entryGrade != 10 }

    /// New preferences for the supplementary round are taken after publication, while the department keeps
    /// registration open.
    public func takesSupplementaryPreferences(on day: CalendarDate) -> Bool {
        status == .published && (supplementaryUntil.map { day <= $0 } ?? false)
    }

    /// Appeals against the results are taken once they are published, up to the end of the confirmation deadline when
    /// one is kept (after it the places go back).
    public func takesAppeals(on day: CalendarDate) -> Bool {
        status == .published && (confirmBy.map { day <= $0 } ?? true)
    }
}

/// What staff fill in to start a campaign.
public struct CampaignDraft: Sendable {
    public var schoolYear: String
    public var entryGrade: Int
    public var method: Campaign.Method
    public var preferenceCount: Int
    public var rankPenalty: Points

    public init(schoolYear: String, entryGrade: Int, method: Campaign.Method, preferenceCount: Int = 3, rankPenalty: Points = .zero) {
        self.schoolYear = schoolYear
        self.entryGrade = entryGrade
        self.method = method
        self.preferenceCount = preferenceCount
        self.rankPenalty = rankPenalty
    }
}

/// An application for one child, identified by the 12-digit personal ID.
public struct ApplicationForm: Sendable {
    public var nationalID: NationalID
    public var fullName: String
    public var dateOfBirth: CalendarDate
    /// School ids, NV1 first.
    public var preferences: [Int]
    public var priorityPoints: Points
    public var directSchoolID: Int?
    /// Whether the guardian agreed to the child's name being published with the results.
    public var consentToPublish: Bool
    /// Where the child lives, for the catchments of grades 1 and 6.
    public var residence: Residence?
    /// The residence is the population register's answer about this child (verified there, not stated by the family).
    public var residenceFromRegister = false

    public init(nationalID: NationalID, fullName: String, dateOfBirth: CalendarDate, preferences: [Int],
                priorityPoints: Points = .zero, directSchoolID: Int? = nil, consentToPublish: Bool = false, residence: Residence? = nil) {
        self.nationalID = nationalID
        self.fullName = fullName
        self.dateOfBirth = dateOfBirth
        self.preferences = preferences
        self.priorityPoints = priorityPoints
        self.directSchoolID = directSchoolID
        self.consentToPublish = consentToPublish
        self.residence = residence
    }
}

/// Where an application's child's identity came from: entered by staff (who saw the papers), taken from the registry
/// by the guardian the school recorded, typed by a family for a child the registry does not have (not verified: the
/// school confirms enrolment after checking the papers), or typed and found in the national population register at
/// the moment of applying (its particulars agree, so no typo; the school still checks the papers).
public enum IdentitySource: String, Sendable, Codable {
    case staff, registry, typed, register

    /// A school saw the papers: staff entered the child, or the registry holds it with the guardian it recorded.
    public var checkedByStaff: Bool { self == .staff || self == .registry }
}

public enum ApplicationStatus: String, Sendable, Codable {
    /// `lapsed`: admitted, but not confirmed before the department released unconfirmed places.
    case submitted, admitted, unplaced, enrolled, lapsed
}

/// One line of the published results: the application's code, the name (masked unless the guardian consented), and
/// where the child was placed.
public struct PublishedResult: Sendable, Hashable, Codable {
    public let applicationID: Int
    public let name: String
    public let schoolCode: String?
    public let preferenceRank: Int?
    /// Admitted, but the place went back when enrolment was not confirmed in time.
    public var lapsed = false

    public init(applicationID: Int, name: String, schoolCode: String?, preferenceRank: Int?, lapsed: Bool = false) {
        self.applicationID = applicationID
        self.name = name
        self.schoolCode = schoolCode
        self.preferenceRank = preferenceRank
        self.lapsed = lapsed
    }
}

/// One school's line in the published cut-offs.
public struct PublishedCutoff: Sendable, Hashable {
    public let schoolCode: String
    public let schoolName: String
    public let quota: Int
    /// Nil when the school admitted nobody by score, or only children of its catchment.
    public let cutoff: Points?
    /// Every place went to children of the school's catchment (grades 1 and 6).
    public let catchmentOnly: Bool
    public let admitted: Int
}

enum PublishedName {
    /// Initials only (“Nguyễn Văn An” → “N. V. A.”): enough for a family that knows the application code, not for a
    /// stranger to find a child.
    static func masked(_ fullName: String) -> String {
        fullName.split(whereSeparator: \.isWhitespace).map { "\($0.prefix(1))." }.joined(separator: " ")
    }
}
