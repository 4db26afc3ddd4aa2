import Admissions
import EduCore
import Vapor

/// The admissions API's shapes. Request keys are snake_case, as in responses; scores and points are decimal strings
/// ("37.75"), exact to the hundredth.
extension DTO {
    struct CampaignRequest: Content {
        let schoolYear: String
        let entryGrade: Int
        let method: Campaign.Method
        let preferenceCount: Int?
        let rankPenalty: String?

        enum CodingKeys: String, CodingKey {
            case schoolYear = "school_year", entryGrade = "entry_grade", method, preferenceCount = "preference_count", rankPenalty = "rank_penalty"
        }

        func draft() throws -> CampaignDraft {
            CampaignDraft(schoolYear: schoolYear, entryGrade: entryGrade, method: method, preferenceCount: preferenceCount ?? 3,
                          rankPenalty: try DTO.points(rankPenalty ?? "0", field: "rank_penalty"))
        }
    }

    struct CampaignBody: Content {
        let id: Int, schoolYear: String, entryGrade: Int, method: String, preferenceCount: Int, rankPenalty: String, status: String
        /// YYYY-MM-DD, both included; absent: open-ended.
        let opensOn: String?, closesOn: String?
        /// The last day families may confirm a place (YYYY-MM-DD); absent until set.
        let confirmBy: String?
        /// The last day new preferences for the supplementary round are taken (YYYY-MM-DD); absent when not open.
        let supplementaryUntil: String?

        init(_ campaign: Campaign) {
            id = campaign.id
            schoolYear = campaign.schoolYear
            entryGrade = campaign.entryGrade
            method = campaign.method.rawValue
            preferenceCount = campaign.preferenceCount
            rankPenalty = campaign.rankPenalty.description
            status = campaign.status.rawValue
            opensOn = campaign.schedule.opensOn?.iso
            closesOn = campaign.schedule.closesOn?.iso
            confirmBy = campaign.confirmBy?.iso
            supplementaryUntil = campaign.supplementaryUntil?.iso
        }
    }

    /// `{"opens_on": "2027-06-01", "closes_on": "2027-06-10"}`; either may be null (open-ended).
    struct ScheduleRequest: Content {
        let opensOn: String?
        let closesOn: String?

        enum CodingKeys: String, CodingKey { case opensOn = "opens_on", closesOn = "closes_on" }

        func schedule() throws -> CampaignSchedule {
            var problems: [RowProblem] = []
            func day(_ text: String?, _ field: String) -> CalendarDate? {
                guard let text, !text.isEmpty else { return nil }
                guard let day = CalendarDate(iso: text) else {
                    problems.append(RowProblem(row: 1, column: field, value: text, vi: "Ngày viết dạng YYYY-MM-DD", en: "Write the day as YYYY-MM-DD"))
                    return nil
                }
                return day
            }
            let schedule = CampaignSchedule(opensOn: day(opensOn, "opens_on"), closesOn: day(closesOn, "closes_on"))
            guard problems.isEmpty else { throw InputRejected(problems) }
            return schedule
        }
    }

    /// A place: a commune, ward or special zone by its unit code, and a village, neighbourhood or street in it.
    struct Place: Content {
        let communeCode: String
        let locality: String?

        enum CodingKeys: String, CodingKey { case communeCode = "commune_code", locality }

        init(_ residence: Residence) {
            communeCode = residence.communeCode
            locality = residence.locality
        }

        var residence: Residence { Residence(communeCode: communeCode, locality: locality ?? "") }
    }

    /// `{"areas": [{"commune_code": "X031001", "locality": "Tổ dân phố 3"}]}`; no locality: the whole commune.
    struct CatchmentRequest: Content {
        let areas: [Place]
    }

    struct CatchmentBody: Content {
        let schoolId: Int, version: Int, createdBy: String, createdAt: String, areas: [Place]

        init(_ catchment: Catchment) {
            schoolId = catchment.schoolID
            version = catchment.version
            createdBy = catchment.createdBy
            createdAt = catchment.createdAt
            areas = catchment.areas.map(Place.init)
        }
    }

    /// Every version of a school's catchment, oldest first.
    struct CatchmentHistory: Content {
        let versions: [CatchmentBody]
    }

    /// An officer's decision: `{"verified": false, "note": "…"}` (a refusal needs the note; the family reads it);
    /// `from`: the state decided on, `pending` unless a decision is being reversed (409 if it changed meanwhile).
    struct ResidenceDecision: Content {
        let verified: Bool
        let note: String?
        let from: ResidenceStatus?
    }

    struct ResidenceCheckBody: Content {
        let verified: Int, queued: Int
    }

    struct QuotaRequest: Content {
        let quota: Int
        let specialised: Bool?
    }

    struct ApplicationRequest: Content {
        let nationalID: String
        let fullName: String
        /// YYYY-MM-DD.
        let dateOfBirth: String
        /// School ids, NV1 first.
        let preferences: [Int]
        let priorityPoints: String?
        let directSchoolID: Int?
        let consentToPublish: Bool?
        /// Grades 1 and 6: where the child lives, for the catchments.
        let residence: Place?

        enum CodingKeys: String, CodingKey {
            case nationalID = "national_id", fullName = "full_name", dateOfBirth = "date_of_birth", preferences,
                 priorityPoints = "priority_points", directSchoolID = "direct_school_id", consentToPublish = "consent_to_publish", residence
        }

        /// Every malformed field at once, each named.
        func form() throws -> ApplicationForm {
            var problems: [RowProblem] = []
            let nationalID = NationalID(self.nationalID)
            if nationalID == nil {
                problems.append(RowProblem(row: 1, column: "national_id", value: self.nationalID, vi: "Số định danh cá nhân gồm 12 chữ số",
                                           en: "The personal ID is 12 digits"))
            }
            let dateOfBirth = CalendarDate(iso: self.dateOfBirth)
            if dateOfBirth == nil {
                problems.append(RowProblem(row: 1, column: "date_of_birth", value: self.dateOfBirth, vi: "Ngày sinh viết dạng YYYY-MM-DD",
                                           en: "Write the date of birth as YYYY-MM-DD"))
            }
            let name = fullName.nfc.trimmingCharacters(in: .whitespaces)
            if name.isEmpty {
                problems.append(RowProblem(row: 1, column: "full_name", value: "", vi: "Cần họ và tên", en: "The full name is required"))
            }
            let points = Points(priorityPoints ?? "0")
            if points == nil {
                problems.append(DTO.pointsProblem(priorityPoints ?? "", field: "priority_points"))
            }
            guard let nationalID, let dateOfBirth, let points, problems.isEmpty else { throw InputRejected(problems) }
            return ApplicationForm(nationalID: nationalID, fullName: name, dateOfBirth: dateOfBirth, preferences: preferences,
                                   priorityPoints: points, directSchoolID: directSchoolID, consentToPublish: consentToPublish ?? false,
                                   residence: residence?.residence)
        }
    }

    struct ScoreRequest: Content {
        let score: String
    }

    /// A campaign's papers: `[{"subject": "Toán", "weight": 1, "minimum": "0"}]`; priority and prize points default to
    /// the national values.
    struct RulesRequest: Content {
        struct Paper: Content { let subject: String; let weight: Int?; let minimum: String? }
        let papers: [Paper]

        func rules() throws -> CampaignRules {
            try CampaignRules(papers: papers.enumerated().map { index, paper in
                CampaignRules.Paper(subject: paper.subject, weight: paper.weight ?? 1,
                                    minimum: try paper.minimum.map { try DTO.points($0, field: "papers[\(index + 1)].minimum") } ?? .zero)
            })
        }
    }

    /// `{"papers": {"Toán": "8.25", "Ngữ văn": "7.5"}}`.
    struct PapersRequest: Content {
        let papers: [String: String]

        func scores() throws -> [String: Points] {
            try papers.mapValues { try DTO.points($0, field: "papers") }
        }
    }

    /// `{"priority_group": "1" | "2" | "3" | null, "prize": "first" | "second" | "third" | null}`.
    struct ClaimsRequest: Content {
        let priorityGroup: PriorityGroup?
        let prize: Prize?

        enum CodingKeys: String, CodingKey { case priorityGroup = "priority_group", prize }
    }

    struct AdjustRequest: Content {
        let schoolID: Int
        let reason: String

        enum CodingKeys: String, CodingKey { case schoolID = "school_id", reason }
    }

    struct AppealRequest: Content { let grounds: String }

    /// School ids, first choice first.
    struct PreferencesRequest: Content { let preferences: [Int] }

    /// A scores file loaded: how many applications, and how many of them a paper made ineligible.
    struct ScoresLoaded: Content { let scored: Int; let ineligible: Int }

    /// `uphold` (with `school_id`: place the application there) or `dismiss`; the note is the family's answer.
    struct AppealDecision: Content {
        enum Verdict: String, Codable { case uphold, dismiss }
        let decision: Verdict
        let note: String
        let schoolID: Int?

        enum CodingKeys: String, CodingKey { case decision, note, schoolID = "school_id" }
    }

    struct AppealBody: Content {
        let id: Int, applicationId: Int, applicantName: String, grounds: String, filedAt: String, status: String
        let decisionNote: String?, decidedAt: String?, schoolId: Int?

        init(_ appeal: Appeal) {
            id = appeal.id
            applicationId = appeal.applicationID
            applicantName = appeal.applicantName
            grounds = appeal.grounds
            filedAt = appeal.filedAt
            status = appeal.status.rawValue
            decisionNote = appeal.decisionNote
            decidedAt = appeal.decidedAt
            schoolId = appeal.schoolID
        }
    }

    struct Appeals: Content { let appeals: [AppealBody] }

    struct CompareRequest: Content {
        let rankPenalties: [String]

        enum CodingKeys: String, CodingKey { case rankPenalties = "rank_penalties" }
    }

    /// Per rule, the baseline first: placed, at NV1, better and worse than the baseline, and how many had a reason to
    /// reorder their preferences (docs/admissions.md).
    struct Comparison: Content {
        struct Row: Content {
            let rankPenalty: String, placed: Int, firstPreference: Int, better: Int, worse: Int, couldGainByReordering: Int

            init(_ row: ConfigurationComparison.Row) {
                rankPenalty = row.rules.rankPenalty.description
                placed = row.placed
                firstPreference = row.firstPreference
                better = row.better
                worse = row.worse
                couldGainByReordering = row.couldGainByReordering
            }
        }

        let rows: [Row]
    }

    struct AllocationSummary: Content {
        let applicants: Int
        let placed: Int
    }

    /// How many admitted applications lapsed, their places given back.
    struct Released: Content {
        let released: Int
    }

    /// A confirmation deadline (`YYYY-MM-DD`, a day in Vietnam): the one to keep with the campaign, or the one that has passed.
    struct DeadlineRequest: Content {
        let deadline: String?

        static func day(_ text: String?) throws -> CalendarDate {
            guard let text, let day = CalendarDate(iso: text.trimmingCharacters(in: .whitespaces)) else {
                throw InputRejected([RowProblem(row: 1, column: "deadline", value: text ?? "",
                                                vi: "Ngày viết dạng YYYY-MM-DD", en: "Write the day as YYYY-MM-DD")])
            }
            return day
        }
    }

    /// What anyone may see once a campaign is published: cut-offs, and each application's result with the child's
    /// initials unless the guardian consented.
    struct PublishedResults: Content {
        struct Cutoff: Content {
            let schoolCode: String, schoolName: String, quota: Int, cutoffScore: String?, admitted: Int
            /// Every place went to children of the school's catchment: no cut-off applies.
            let catchmentOnly: Bool
        }

        struct Result: Content {
            let applicationId: Int, name: String, schoolCode: String?, preferenceRank: Int?
        }

        let campaign: CampaignBody
        let cutoffs: [Cutoff]
        let results: [Result]
    }

    static func points(_ text: String, field: String) throws -> Points {
        guard let points = Points(text) else { throw InputRejected([pointsProblem(text, field: field)]) }
        return points
    }

    static func pointsProblem(_ text: String, field: String) -> RowProblem {
        RowProblem(row: 1, column: field, value: text, vi: "Không phải là số hợp lệ (số không âm, tối đa hai chữ số thập phân, ví dụ 37.75)",
                   en: "Not a valid number (non-negative, at most two decimals, e.g. 37.75)")
    }
}
