import Admissions
import EduCore
import Plot

/// Staff's admissions pages: the campaigns, and one campaign's applications in the viewer's scope.
enum AdmissionsStaffViews {
    static func campaigns(_ campaigns: [Campaign], canCreate: Bool, error: Bilingual?, csrf: String?, t: Localizer) -> Component {
        Div {
            H1(t("Tuyển sinh đầu cấp", "Entry admissions"))
            if campaigns.isEmpty { Paragraph(t("Chưa có đợt tuyển sinh nào.", "No campaign yet.")) }
            List(campaigns) { campaign in
                ListItem {
                    Link(AdmissionsViews.title(campaign, t: t), url: "/admissions/\(campaign.id)")
                    Text(" – " + t(status(campaign.status)))
                }
            }
            if canCreate { newCampaign(error: error, csrf: csrf, t: t) }
        }
    }

    /// The department's form for a new campaign; its schools, quotas and days are set on the campaign's page.
    private static func newCampaign(error: Bilingual?, csrf: String?, t: Localizer) -> Component {
        Div {
            H2(t("Tạo đợt tuyển sinh", "New campaign"))
            if let error { Paragraph(t(error)).class("error") }
            Form(url: "/admissions", method: .post) {
                CSRFField(token: csrf)
                Label(t("Năm học", "School year")) { TextField(name: "school_year", placeholder: "2027-2028", isRequired: true) }
                Label(t("Khối đầu cấp", "Entry grade")) {
                    SelectField(name: "entry_grade", options: [("1", "1"), ("6", "6"), ("10", "10")], selected: "10")
                }
                Label(t("Phương thức", "Method")) {
                    SelectField(name: "method", options: [(Campaign.Method.review.rawValue, t("Xét tuyển", "Review")),
                                                          (Campaign.Method.exam.rawValue, t("Thi tuyển", "Exam")),
                                                          (Campaign.Method.combined.rawValue, t("Kết hợp", "Combined"))],
                                selected: Campaign.Method.exam.rawValue)
                }
                Label(t("Số nguyện vọng", "Preferences")) {
                    Input(type: .number, name: "preference_count", value: "3").attribute(named: "min", value: "1").attribute(named: "max", value: "10")
                }
                Label(t("Điểm chênh giữa các nguyện vọng (G)", "Rank penalty (G)")) { TextField(name: "rank_penalty", text: "0") }
                SubmitButton(t("Tạo", "Create"))
            }
        }
    }

    struct Queue: Component {
        let campaign: Campaign
        let schools: [CampaignSchool]
        let chosen: Int?
        /// Only the applications whose residence waits for a decision (the officers' queue).
        let residencePending: Bool
        let applications: [ApplicationSummary]
        /// In the whole campaign.
        let pendingResidences: Int
        /// The applications shown whose waiting residence the viewer may verify or refuse.
        let decidable: Set<Int>
        /// School codes by id, for the preferences.
        let schoolNames: [Int: String]
        let runsCampaign: Bool
        /// The campaign's latest check with the population register, in words (for those who run campaigns).
        let latestResidenceCheck: Bilingual?
        /// The appeals about applications in the viewer's scope (after publication).
        let appeals: [Appeal]
        let rules: CampaignRules?
        /// Each school's current catchment (grades 1 and 6).
        let catchments: [Int: Catchment]
        /// After publication, each school's places not held.
        let placesLeft: [Int: Int]
        let mayEnrol: (Int?) -> Bool
        /// The last application shown, when more follow it.
        let next: Int?
        let csrf: String?
        let message: Bilingual?
        let error: EduError?
        /// A scores file's bad rows.
        let problems: [RowProblem]
        let t: Localizer

        var body: Component {
            Div {
                H1(AdmissionsViews.title(campaign, t: t))
                Paragraph(t(AdmissionsStaffViews.status(campaign.status)) + " · " + t(AdmissionsViews.schedule(campaign.schedule)))
                if campaign.usesCatchments {
                    Paragraph(t("Tuyển sinh theo tuyến; hồ sơ chờ xác minh nơi cư trú: \(pendingResidences).",
                                "Admission by catchment; residences waiting for a decision: \(pendingResidences).")).class(pendingResidences > 0 ? "warn" : "")
                }
                if let message { Paragraph(t(message)).class("ok") }
                if let latestResidenceCheck { Paragraph(t(latestResidenceCheck)) }
                if let error { Paragraph(t(error.message)).class("error") }
                if !problems.isEmpty {
                    Paragraph(t("Tệp điểm có \(problems.count) lỗi; chưa lưu điểm nào:", "The scores file has \(problems.count) problems; nothing was stored:"))
                        .class("error")
                    ImportViews.problemTable(problems, t: t)
                }
                if runsCampaign && campaign.status == .open {
                    scheduleForm
                    schoolForm
                    RulesForm(campaign: campaign, rules: rules, csrf: csrf, t: t)
                }
                if campaign.usesCatchments {
                    CatchmentSection(campaign: campaign, schools: schools, catchments: catchments,
                                     editable: runsCampaign && campaign.status != .published, csrf: csrf, t: t)
                }
                if runsCampaign && campaign.status != .published { ScoresUpload(campaign: campaign, rules: rules, csrf: csrf, t: t) }
                if runsCampaign { steps }
                if runsCampaign && (campaign.status == .allocated || campaign.status == .published) { adjustForm }
                if campaign.status == .published {
                    AppealSection(campaign: campaign, appeals: appeals, schoolCodes: schoolNames, decides: runsCampaign, csrf: csrf, t: t)
                }
                Form(url: "/admissions/\(campaign.id)", method: .get) {
                    Label(t("Trường", "School")) {
                        SelectField(name: "school", options: [("", t("Tất cả trong phạm vi", "All in my scope"))]
                                    + schools.map { (String($0.id), "\($0.name) (\($0.code))") }, selected: chosen.map(String.init) ?? "")
                    }
                    if campaign.usesCatchments {
                        Label(t("Hồ sơ", "Applications")) {
                            SelectField(name: "residence", options: [("", t("Tất cả", "All")),
                                                                     ("pending", t("Chờ xác minh nơi cư trú", "Residence waiting for a decision"))],
                                        selected: residencePending ? "pending" : "")
                        }
                    }
                    SubmitButton(t("Xem", "Show"))
                }
                table
                if let next {
                    Paragraph {
                        Link(t("Trang sau →", "Next page →"), url: "/admissions/\(campaign.id)?after=\(next)" + (chosen.map { "&school=\($0)" } ?? "")
                             + (residencePending ? "&residence=pending" : ""))
                    }
                }
            }
        }

        /// A manual adjustment (an appeal upheld, an exceptional placement): an application placed at a school, with the
        /// reason that goes into its history and the audit trail.
        private var adjustForm: Component {
            Form(url: "/admissions/\(campaign.id)/adjust", method: .post) {
                CSRFField(token: csrf)
                Label(t("Mã hồ sơ", "Application code")) { TextField(name: "application", isRequired: true) }
                Label(t("Mã trường", "School code")) { TextField(name: "school_code", isRequired: true) }
                Label(t("Lý do (bắt buộc)", "Reason (required)")) { TextField(name: "reason", isRequired: true) }
                SubmitButton(t("Điều chỉnh kết quả", "Adjust the result"))
            }.class("inline")
        }

        /// The days applications are taken (both included; either may be left empty: open-ended).
        private var scheduleForm: Component {
            Form(url: "/admissions/\(campaign.id)/schedule", method: .post) {
                CSRFField(token: csrf)
                Label(t("Nhận hồ sơ từ ngày", "Applications from")) { Input(type: .date, name: "opens_on", value: campaign.schedule.opensOn?.iso) }
                Label(t("đến hết ngày", "to the end of")) { Input(type: .date, name: "closes_on", value: campaign.schedule.closesOn?.iso) }
                SubmitButton(t("Lưu thời gian nhận hồ sơ", "Save the days"))
            }.class("inline")
        }

        /// A school of the campaign and its quota, while applications are open (the same school again changes its quota).
        private var schoolForm: Component {
            Form(url: "/admissions/\(campaign.id)/school", method: .post) {
                CSRFField(token: csrf)
                Label(t("Mã trường", "School code")) { TextField(name: "school_code", isRequired: true) }
                Label(t("Chỉ tiêu", "Quota")) { Input(type: .number, name: "quota", isRequired: true).attribute(named: "min", value: "0") }
                Label(t("Trường chuyên", "Specialised school")) { Input(type: .checkbox, name: "specialised", value: "1") }
                SubmitButton(t("Thêm trường / đặt chỉ tiêu", "Add the school / set its quota"))
            }.class("inline")
        }

        private var steps: Component {
            let available: [(String, String)] = switch campaign.status {
            case .open: [("close", t("Khoá nhận hồ sơ", "Close applications"))] + residenceCheck
            case .closed: [("allocate", t("Xét tuyển (phân bổ)", "Allocate"))] + residenceCheck
            case .allocated: [("allocate", t("Xét tuyển lại", "Allocate again")), ("publish", t("Công bố kết quả", "Publish the results"))]
            case .published: [("supplementary", t("Xét tuyển bổ sung trên chỗ còn trống", "Supplementary round on the places left"))]
            }
            return Div {
                for (step, label) in available {
                    Form(url: "/admissions/\(campaign.id)/\(step)", method: .post) {
                        CSRFField(token: csrf)
                        SubmitButton(label)
                    }.class("inline")
                }
                // The deadline kept with the campaign: the places not confirmed by it go back the next day by themselves.
                if campaign.status == .allocated || campaign.status == .published {
                    Form(url: "/admissions/\(campaign.id)/deadline", method: .post) {
                        CSRFField(token: csrf)
                        Label(t("Hạn xác nhận nhập học (hết ngày)", "Confirm enrolment by (the end of)")) {
                            Input(type: .date, name: "deadline", value: campaign.confirmBy?.iso, isRequired: true)
                        }
                        SubmitButton(t("Lưu hạn; hôm sau tự trả lại chỗ chưa xác nhận", "Save; unconfirmed places go back the day after"))
                    }.class("inline")
                }
                if campaign.status == .published { supplementaryRegistration }
                // Releasing places by hand cannot be undone: it names the deadline that has passed.
                if campaign.status == .published {
                    Form(url: "/admissions/\(campaign.id)/release", method: .post) {
                        CSRFField(token: csrf)
                        Label(t("Hạn xác nhận nhập học đã qua", "Confirmation deadline, passed")) {
                            Input(type: .date, name: "deadline", isRequired: true)
                        }
                        SubmitButton(t("Trả lại chỗ chưa xác nhận đến hạn này", "Release the places not confirmed by then"))
                    }.class("inline")
                }
            }
        }

        /// The places left, and registration of new preferences for the supplementary round by those placed nowhere.
        private var supplementaryRegistration: Component {
            Div {
                let left = schools.compactMap { school in placesLeft[school.id].flatMap { $0 > 0 ? "\(school.code) \($0)" : nil } }
                Paragraph(t("Chỗ còn trống: ", "Places left: ") + (left.isEmpty ? t("không còn", "none") : left.joined(separator: ", ")))
                if campaign.takesSupplementaryPreferences(on: .today), let until = campaign.supplementaryUntil {
                    Paragraph(t("Đang nhận đăng ký nguyện vọng bổ sung đến hết ngày \(until.vietnamese); xét tuyển bổ sung chạy được sau ngày đó hoặc khi đóng đăng ký.",
                                "Preferences for the supplementary round are taken until the end of \(until.vietnamese); the round runs after that day, or once registration is closed."))
                        .class("warn")
                    Form(url: "/admissions/\(campaign.id)/close_registration", method: .post) {
                        CSRFField(token: csrf)
                        SubmitButton(t("Đóng đăng ký ngay", "Close registration now"))
                    }.class("inline")
                }
                Form(url: "/admissions/\(campaign.id)/registration", method: .post) {
                    CSRFField(token: csrf)
                    Label(t("Nhận nguyện vọng bổ sung đến hết ngày", "Take new preferences until the end of")) {
                        Input(type: .date, name: "deadline", value: campaign.supplementaryUntil?.iso, isRequired: true)
                    }
                    SubmitButton(t("Mở đăng ký nguyện vọng bổ sung", "Open registration for the supplementary round"))
                }.class("inline")
            }
        }

        /// The stated place, its state and note; for a waiting one the officer's decision, with a note (needed to refuse).
        private func residence(_ application: ApplicationSummary) -> Component {
            TableCell {
                if let place = application.residence {
                    Text([place.communeCode, place.locality].filter { !$0.isEmpty }.joined(separator: ", ") + " – ")
                }
                Text(t(AdmissionsStaffViews.residenceStatus(application.residenceStatus)))
                if let note = application.residenceNote { Paragraph(note) }
                if decidable.contains(application.id) {
                    // Two forms: Enter in the refusal's note submits the refusal, never a verification.
                    decision(application.id, "verify", t("Xác minh", "Verify"), note: t("Ghi chú (không bắt buộc)", "Note (optional)"))
                    decision(application.id, "refuse", t("Không xác nhận", "Refuse"), note: t("Lý do (bắt buộc)", "Reason (required)"))
                    Paragraph(t("Gia đình đọc được ghi chú và lý do.", "The family reads the note and the reason.")).class("warn")
                }
            }.class(application.residenceStatus == .pending ? "warn" : "")
        }

        private func decision(_ application: Int, _ value: String, _ label: String, note: String) -> Component {
            Form(url: "/admissions/applications/\(application)/residence", method: .post) {
                CSRFField(token: csrf)
                Input(type: .hidden, name: "decision", value: value)
                if let chosen { Input(type: .hidden, name: "school", value: String(chosen)) }
                Label(note) { Input(type: .text, name: "note", isRequired: value == "refuse").attribute(named: "maxlength", value: "500") }
                SubmitButton(label)
            }
        }

        private var residenceCheck: [(String, String)] {
            campaign.usesCatchments && pendingResidences > 0
                ? [("residences", t("Đối chiếu nơi cư trú với CSDL dân cư", "Check residences with the population register"))] : []
        }

        private var table: Component {
            Table(header: TableRow {
                TableHeaderCell(t("Mã hồ sơ", "Code")); TableHeaderCell(t("Họ tên", "Name")); TableHeaderCell(t("Ngày sinh", "Born"))
                TableHeaderCell(t("Nguyện vọng", "Preferences")); TableHeaderCell(t("Điểm", "Score")); TableHeaderCell(t("Nhân thân", "Identity"))
                if campaign.usesCatchments { TableHeaderCell(t("Nơi cư trú", "Residence")) }
                TableHeaderCell(t("Kết quả", "Result"))
            }) {
                for application in applications {
                    TableRow {
                        TableCell { Link(String(application.id), url: "/admissions/applications/\(application.id)") }
                        TableCell(application.fullName)
                        TableCell(application.dateOfBirth)
                        TableCell(AdmissionsStaffViews.preferences(application, codes: schoolNames, t: t))
                        TableCell((application.score.map { $0 + application.priorityPoints }?.description) ?? "–")
                        TableCell(t(AdmissionsStaffViews.identity(application.identity))).class(application.identity.checkedByStaff ? "" : "warn")
                        if campaign.usesCatchments { residence(application) }
                        TableCell {
                            Text(t(AdmissionsStaffViews.result(application)) + (application.placedSchoolID.flatMap { schoolNames[$0] }.map { " \($0)" } ?? ""))
                            if campaign.status == .published && application.status == .admitted && mayEnrol(application.placedSchoolID) {
                                Form(url: "/admissions/applications/\(application.id)/enrol", method: .post) {
                                    CSRFField(token: csrf)
                                    SubmitButton(!application.identity.checkedByStaff ? t("Đã đối chiếu giấy tờ: nhập học", "Papers checked: enrol")
                                                                                : t("Xác nhận nhập học", "Confirm enrolment"))
                                }.class("inline")
                            }
                        }
                    }
                }
            }
        }
    }

    /// "1. A, 2. B", and the list registered for the supplementary round after it when there is one.
    static func preferences(_ application: ApplicationSummary, codes: [Int: String], t: Localizer) -> String {
        func list(_ schools: [Int]) -> String { schools.enumerated().map { "\($0.offset + 1). \(codes[$0.element] ?? "?")" }.joined(separator: ", ") }
        return list(application.preferences)
            + (application.supplementaryPreferences.isEmpty ? "" : t(" · bổ sung: ", " · supplementary: ") + list(application.supplementaryPreferences))
    }

    static func residenceStatus(_ status: ResidenceStatus?) -> Bilingual {
        switch status {
        case nil: Bilingual(vi: "Không khai", en: "Not stated")
        case .pending: Bilingual(vi: "Chờ xác minh", en: "Waiting")
        case .verified: Bilingual(vi: "Đã xác minh", en: "Verified")
        case .refused: Bilingual(vi: "Không xác nhận", en: "Not accepted")
        }
    }

    static func status(_ status: Campaign.Status) -> Bilingual {
        switch status {
        case .open: Bilingual(vi: "Đang nhận hồ sơ", en: "Taking applications")
        case .closed: Bilingual(vi: "Đã khoá nhận hồ sơ, chờ xét tuyển", en: "Closed, to be allocated")
        case .allocated: Bilingual(vi: "Đã xét tuyển, chưa công bố", en: "Allocated, not published")
        case .published: Bilingual(vi: "Đã công bố kết quả", en: "Results published")
        }
    }

    static func identity(_ source: IdentitySource) -> Bilingual {
        switch source {
        case .staff: Bilingual(vi: "Cán bộ nhập", en: "Entered by staff")
        case .registry: Bilingual(vi: "Từ CSDL ngành", en: "From the registry")
        case .typed: Bilingual(vi: "Phụ huynh tự khai: cần đối chiếu", en: "Typed by the family: check the papers")
        case .register: Bilingual(vi: "Phụ huynh khai, khớp CSDL dân cư: cần đối chiếu giấy tờ", en: "Typed by the family, matches the population register: check the papers")
        }
    }

    static func result(_ application: ApplicationSummary) -> Bilingual {
        switch application.status {
        case .submitted: Bilingual(vi: "Đã nộp", en: "Submitted")
        case .admitted:
            application.placedFromSupplementaryList
                ? Bilingual(vi: "Trúng tuyển" + (application.placedRank.map { " NV bổ sung \($0)" } ?? ""),
                            en: "Admitted" + (application.placedRank.map { " (supplementary preference \($0))" } ?? ""))
                : Bilingual(vi: "Trúng tuyển" + (application.placedRank.map { " NV\($0)" } ?? ""),
                            en: "Admitted" + (application.placedRank.map { " (preference \($0))" } ?? ""))
        case .unplaced: Bilingual(vi: "Không trúng tuyển", en: "Not admitted")
        case .enrolled: Bilingual(vi: "Đã nhập học", en: "Enrolled")
        case .lapsed: Bilingual(vi: "Không xác nhận đúng hạn", en: "Not confirmed in time")
        }
    }
}
