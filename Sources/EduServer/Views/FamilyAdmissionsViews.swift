import Admissions
import EduCore
import Plot
import Registry

/// The families' admissions pages: open campaigns with their application forms, and one application's history.
enum FamilyAdmissionsViews {
    /// The commune field's choice that takes the residence from the population register.
    static let residenceFromRegister = "register"

    struct Campaigns: Component {
        let open: [(Campaign, [CampaignSchool])]
        /// Where a child may live (code, name), for the catchments of grades 1 and 6.
        let communes: [(code: String, name: String)]
        /// Per campaign, the localities its catchments name: offered as suggestions, so families write them the same way.
        let localities: [Int: [String]]
        let today: CalendarDate
        /// A population register answers: the residence may be taken from it.
        let registerConfigured: Bool
        let children: [FamilyRegistry.Child]
        let applications: [FamilyApplication]
        let csrf: String
        let problem: Bilingual?
        let t: Localizer

        var body: Component {
            Div {
                H1(t("Tuyển sinh đầu cấp", "Entry admissions"))
                Paragraph { Link(t("← Con của tôi", "← My children"), url: "/gia-dinh") }
                if !applications.isEmpty {
                    H2(t("Hồ sơ đã nộp", "Applications made"))
                    FamilyAdmissionsViews.list(applications, t: t)
                }
                if let problem { Paragraph(t(problem)).class("error") }
                if open.isEmpty { Paragraph(t("Hiện không có đợt tuyển sinh nào đang nhận hồ sơ.", "No campaign is taking applications now.")) }
                for (campaign, schools) in open { form(campaign, schools: schools) }
            }
        }

        private func form(_ campaign: Campaign, schools: [CampaignSchool]) -> Component {
            Form(url: "/gia-dinh/tuyen-sinh/\(campaign.id)", method: .post) {
                H2(AdmissionsViews.title(campaign, t: t))
                Paragraph(t(AdmissionsViews.schedule(campaign.schedule)))
                Input(type: .hidden, name: "csrf", value: csrf)
                Label(t("Con", "Child")) {
                    SelectField(name: "child", options: children.map { (String($0.id), $0.fullName) }
                                + [("", t("Trẻ khác, chưa có trong CSDL ngành (nhập bên dưới)", "Another child, not in the registry (type below)"))])
                }
                Paragraph(t("Với con đã có trong CSDL ngành, số định danh, họ tên và ngày sinh lấy từ đó: không cần nhập.",
                            "For a child in the registry, the personal ID, name and date of birth come from it: nothing to type."))
                Label(t("Số định danh cá nhân (12 chữ số)", "Personal ID (12 digits)")) { Input(type: .text, name: "national_id") }
                Label(t("Họ và tên", "Full name")) { Input(type: .text, name: "full_name") }
                Label(t("Ngày sinh (dd/mm/yyyy)", "Date of birth (dd/mm/yyyy)")) { Input(type: .text, name: "date_of_birth") }
                for rank in 1...campaign.preferenceCount {
                    Label(t("Nguyện vọng \(rank)", "Preference \(rank)")) {
                        SelectField(name: "nv\(rank)", options: [("", t("(không chọn)", "(none)"))] + schools.map { (String($0.id), "\($0.name) (\($0.code))") })
                    }
                }
                if campaign.usesCatchments {
                    H3(t("Nơi cư trú của con", "Where the child lives"))
                    Paragraph(t("Trường nhận trước trẻ cư trú trong tuyến của trường. Nơi cư trú được đối chiếu với CSDL quốc gia về dân cư; "
                                + "nếu chưa khớp, cán bộ sẽ xem xét và có thể đề nghị bổ sung giấy tờ.",
                                "A school takes the children living in its catchment first. The residence is checked with the national "
                                + "population register; if it does not match, an officer decides and may ask for papers."))
                    Label(t("Xã, phường, đặc khu", "Commune, ward or special zone")) {
                        SelectField(name: "residence_commune", options: [("", t("(không khai)", "(not stated)"))]
                                    + (registerConfigured ? [(FamilyAdmissionsViews.residenceFromRegister,
                                                              t("Lấy từ CSDL quốc gia về dân cư (không cần khai)", "Take it from the population register (nothing to type)"))] : [])
                                    + communes.map { ($0.code, $0.name) }, selected: registerConfigured ? FamilyAdmissionsViews.residenceFromRegister : "")
                    }
                    Label(t("Thôn, tổ dân phố hoặc đường", "Village, neighbourhood or street")) {
                        Input(type: .text, name: "residence_locality").attribute(named: "list", value: "localities-\(campaign.id)")
                            .attribute(named: "maxlength", value: String(Residence.localityLimit))
                    }
                    Element(name: "datalist") {
                        for locality in localities[campaign.id] ?? [] {
                            Element(name: "option") {}.attribute(named: "value", value: locality.attributeEscaped)
                        }
                    }.attribute(named: "id", value: "localities-\(campaign.id)")
                }
                Label(t("Đồng ý công bố họ tên của con cùng kết quả (nếu không, chỉ công bố chữ cái đầu) ",
                        "I agree to the child's name being published with the results (otherwise initials only) ")) {
                    Input(type: .checkbox, name: "consent", value: "1")
                }
                if campaign.schedule.admits(today) {
                    SubmitButton(t("Nộp hồ sơ", "Apply"))
                } else {
                    Paragraph(t("Hôm nay không trong thời gian nhận hồ sơ.", "Applications are not taken today.")).class("warn")
                }
            }
        }
    }

    static func list(_ applications: [FamilyApplication], t: Localizer) -> Component {
        Table(header: TableRow {
            TableHeaderCell(t("Hồ sơ", "Application")); TableHeaderCell(t("Đợt", "Campaign")); TableHeaderCell(t("Tình trạng", "Status"))
        }) {
            for application in applications {
                TableRow {
                    TableCell { Link("\(application.id) – \(application.fullName)", url: "/gia-dinh/ho-so/\(application.id)") }
                    TableCell(AdmissionsViews.title(application.campaign, t: t))
                    TableCell(status(application.status, t: t))
                }
            }
        }
    }

    /// `supplementary`: the schools with places left and how many, when the family may register new preferences for
    /// the supplementary round.
    /// `schools`: the campaign's, when the family may still change the preferences.
    static func application(_ application: FamilyApplication, csrf: String, problem: Bilingual?, supplementary: [(CampaignSchool, Int)] = [],
                            schools: [CampaignSchool] = [], t: Localizer) -> Component {
        Div {
            H1(t("Hồ sơ tuyển sinh \(application.id)", "Application \(application.id)"))
            Paragraph { Link(t("← Tuyển sinh đầu cấp", "← Entry admissions"), url: "/gia-dinh/tuyen-sinh") }
            Paragraph("\(application.fullName) · \(AdmissionsViews.title(application.campaign, t: t)) · \(status(application.status, t: t))")
            Paragraph(t("Mã hồ sơ \(application.id) dùng để tra cứu kết quả công khai.",
                        "The application code \(application.id) looks up the public result."))
            if let problem { Paragraph(t(problem)).class("error") }
            H2(t("Diễn biến", "History"))
            Table {
                for event in application.events {
                    TableRow { TableCell(vietnamTime(event.at)); TableCell(t(event.detail)) }
                }
            }
            if !application.identity.checkedByStaff && application.status == .admitted {
                Paragraph(t("Nhà trường xác nhận nhập học sau khi đối chiếu giấy tờ của con (trẻ chưa có trong CSDL ngành).",
                            "The school confirms enrolment after checking the child's papers (the child is not in the registry yet)."))
            }
            // A deadline already past was not this place's (offered after it): it keeps its own time to confirm.
            if application.status == .admitted, let deadline = application.campaign.confirmBy, deadline >= .today {
                Paragraph(t("Hạn xác nhận nhập học: hết ngày \(deadline.vietnamese); quá hạn, chỗ học được trả lại để xét tuyển bổ sung.",
                            "Confirm enrolment by the end of \(deadline.vietnamese); after that the place goes back for the supplementary round."))
                    .class("warn")
            }
            if application.canConfirm {
                Form(url: "/gia-dinh/ho-so/\(application.id)/nhap-hoc", method: .post) {
                    Input(type: .hidden, name: "csrf", value: csrf)
                    SubmitButton(t("Xác nhận nhập học", "Confirm enrolment"))
                }
            }
            if !schools.isEmpty {
                H2(t("Sửa nguyện vọng", "Change the preferences"))
                Paragraph(t("Được sửa đến khi hết thời gian nhận hồ sơ.", "Until applications close."))
                Form(url: "/gia-dinh/ho-so/\(application.id)/nguyen-vong", method: .post) {
                    Input(type: .hidden, name: "csrf", value: csrf)
                    for rank in 1...application.campaign.preferenceCount {
                        Label(t("Nguyện vọng \(rank)", "Preference \(rank)")) {
                            SelectField(name: "nv\(rank)", options: [("", t("(không chọn)", "(none)"))] + schools.map { (String($0.id), "\($0.name) (\($0.code))") },
                                        selected: application.preferences.indices.contains(rank - 1) ? String(application.preferences[rank - 1]) : "")
                        }
                    }
                    SubmitButton(t("Lưu nguyện vọng", "Save the preferences"))
                }
            }
            if application.appealPending {
                Paragraph(t("Đơn khiếu nại của gia đình đang chờ giải quyết; câu trả lời sẽ hiện ở mục Diễn biến. Xác nhận nhập học không làm mất đơn: "
                            + "nếu đơn được chấp nhận và con được xếp trường khác, gia đình xác nhận lại tại trường mới.",
                            "Your appeal waits for a decision; the answer will appear in the history. Confirming the place does not withdraw it: "
                            + "if it is upheld and the child is placed at another school, you confirm again there."))
            }
            if !supplementary.isEmpty, let until = application.campaign.supplementaryUntil {
                H2(t("Nguyện vọng xét tuyển bổ sung", "Preferences for the supplementary round"))
                Paragraph(t("Con chưa trúng tuyển: gia đình có thể đăng ký nguyện vọng mới vào các trường còn chỗ, đến hết ngày \(until.vietnamese). "
                            + "Đăng ký lại sẽ thay danh sách trước; không đăng ký thì xét theo nguyện vọng đã nộp.",
                            "Your child has no place: you may list new preferences among the schools with places left, until the end of "
                            + "\(until.vietnamese). Registering again replaces the list; without one, the preferences first listed are used."))
                Form(url: "/gia-dinh/ho-so/\(application.id)/nguyen-vong-bo-sung", method: .post) {
                    Input(type: .hidden, name: "csrf", value: csrf)
                    for rank in 1...application.campaign.preferenceCount {
                        Label(t("Nguyện vọng \(rank)", "Preference \(rank)")) {
                            SelectField(name: "nv\(rank)", options: [("", t("(không chọn)", "(none)"))] + supplementary.map { school, left in
                                (String(school.id), "\(school.name) (\(school.code)) – " + t("còn \(left) chỗ", "\(left) places left"))
                            })
                        }
                    }
                    SubmitButton(t("Đăng ký nguyện vọng bổ sung", "Register the preferences"))
                }
            }
            if application.canAppeal() {
                H2(t("Khiếu nại, phúc khảo", "Appeal"))
                Form(url: "/gia-dinh/ho-so/\(application.id)/khieu-nai", method: .post) {
                    Input(type: .hidden, name: "csrf", value: csrf)
                    Label(application.campaign.method == .review
                          ? t("Nội dung (ví dụ: đề nghị xem xét lại nơi cư trú hoặc điểm ưu tiên)", "Grounds (for example: please review the residence or the priority points)")
                          : t("Nội dung (ví dụ: đề nghị phúc khảo bài thi môn Toán)", "Grounds (for example: please re-mark the mathematics paper)")) {
                        TextArea(name: "grounds", numberOfRows: 4).attribute(named: "maxlength", value: String(AdmissionsStore.appealTextLimit))
                            .attribute(named: "required", value: "required")
                    }
                    SubmitButton(t("Gửi đơn khiếu nại", "File the appeal"))
                }
            }
        }
    }

    static func status(_ status: ApplicationStatus, t: Localizer) -> String {
        switch status {
        case .submitted: t("Đã nộp, chờ kết quả", "Received, awaiting the results")
        case .admitted: t("Trúng tuyển, chờ xác nhận nhập học", "Admitted, to be confirmed")
        case .unplaced: t("Không trúng tuyển", "Not admitted")
        case .enrolled: t("Đã xác nhận nhập học", "Enrolment confirmed")
        case .lapsed: t("Không xác nhận nhập học đúng hạn", "Enrolment not confirmed in time")
        }
    }
}
