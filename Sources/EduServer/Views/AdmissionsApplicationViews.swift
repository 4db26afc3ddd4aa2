import Admissions
import EduCore
import Plot

/// One application on its own staff page: the child, preferences, residence and result; the paper scores (or the
/// score, for a campaign without paper rules) and the accepted claims, which the department records; its appeals; and
/// its whole history.
struct StaffApplicationPage: Component {
    let campaign: Campaign
    let application: ApplicationDetail
    let rules: CampaignRules?
    let appeals: [Appeal]
    /// School codes by id.
    let schoolCodes: [Int: String]
    let recordsScores: Bool
    let csrf: String?
    let error: Bilingual?
    let t: Localizer

    private var summary: ApplicationSummary { application.summary }

    var body: Component {
        Div {
            H1(t("Hồ sơ tuyển sinh \(summary.id)", "Application \(summary.id)"))
            Paragraph { Link("← " + AdmissionsViews.title(campaign, t: t), url: "/admissions/\(campaign.id)") }
            if let error { Paragraph(t(error)).class("error") }
            Table {
                row(t("Họ tên", "Name"), summary.fullName)
                row(t("Ngày sinh", "Born"), summary.dateOfBirth)
                row(t("Nhân thân", "Identity"), t(AdmissionsStaffViews.identity(summary.identity)))
                row(t("Nguyện vọng", "Preferences"), AdmissionsStaffViews.preferences(summary, codes: schoolCodes, t: t))
                if let residence = summary.residence {
                    row(t("Nơi cư trú", "Residence"), [residence.communeCode, residence.locality].filter { !$0.isEmpty }.joined(separator: ", ")
                        + " – " + t(AdmissionsStaffViews.residenceStatus(summary.residenceStatus)))
                }
                row(t("Điểm xét tuyển", "Admission score"), admissionScore)
                row(t("Kết quả", "Result"), t(AdmissionsStaffViews.result(summary))
                    + (summary.placedSchoolID.flatMap { schoolCodes[$0] }.map { " \($0)" } ?? ""))
                if let explanation = application.explanation { row(t("Giải thích", "Explanation"), t(explanation)) }
            }
            if let ineligible = application.ineligible {
                Paragraph(t("Không đủ điều kiện xét tuyển: ", "Not eligible: ") + t(ineligible)).class("warn")
            }
            if recordsScores {
                scores
                claims
            }
            if !appeals.isEmpty {
                H2(t("Đơn khiếu nại", "Appeals"))
                List(appeals) { appeal in
                    ListItem("\(appeal.id) · \(vietnamTime(appeal.filedAt)) · \(appeal.grounds)"
                             + (appeal.decisionNote.map { " → \($0)" } ?? " → " + t("chờ giải quyết", "waiting")))
                }
            }
            H2(t("Diễn biến", "History"))
            Table {
                for event in application.events {
                    TableRow { TableCell(vietnamTime(event.at)); TableCell(t(event.detail)) }
                }
            }
        }
    }

    private var admissionScore: String {
        let score = summary.score.map { ($0 + summary.priorityPoints).description } ?? "–"
        return summary.priorityPoints == .zero ? score : score + t(" (gồm \(summary.priorityPoints) điểm ưu tiên, khuyến khích)",
                                                                    " (with \(summary.priorityPoints) priority and encouragement points)")
    }

    private func row(_ label: String, _ value: String) -> Component {
        TableRow { TableHeaderCell(label); TableCell(value) }
    }

    /// Each paper of the campaign's rules (an empty one is missing, which excludes the application), or the one score
    /// of a campaign without paper rules.
    private var scores: Component {
        Form(url: "/admissions/applications/\(summary.id)/papers", method: .post) {
            CSRFField(token: csrf)
            H2(t("Điểm", "Scores"))
            if let rules {
                for (index, paper) in rules.papers.enumerated() {
                    // The subject travels with its field: rules changed since the page was shown are said, not misread.
                    Input(type: .hidden, name: "subject\(index + 1)", value: paper.subject)
                    Label(paper.subject + (paper.weight > 1 ? t(" (hệ số \(paper.weight))", " (weight \(paper.weight))") : "")) {
                        TextField(name: "paper\(index + 1)", text: application.papers[paper.subject]?.description ?? "")
                            .attribute(named: "inputmode", value: "decimal")
                    }
                }
            } else {
                Label(t("Điểm thi hoặc điểm xét", "Exam or review score")) {
                    TextField(name: "score", text: summary.score?.description ?? "", isRequired: true).attribute(named: "inputmode", value: "decimal")
                }
            }
            SubmitButton(t("Lưu điểm", "Save the scores"))
            if campaign.status == .allocated {
                Paragraph(t("Lưu điểm đưa đợt tuyển sinh về trạng thái chờ xét tuyển lại.", "Saving sends the campaign back to be allocated again."))
                    .class("warn")
            }
        }
    }

    /// The priority group and prize accepted once the evidence is checked.
    private var claims: Component {
        Form(url: "/admissions/applications/\(summary.id)/claims", method: .post) {
            CSRFField(token: csrf)
            H2(t("Ưu tiên, khuyến khích (đã kiểm tra minh chứng)", "Priority and prizes (evidence checked)"))
            Label(t("Đối tượng ưu tiên", "Priority group")) {
                SelectField(name: "priority_group", options: [("", t("Không", "None"))] + PriorityGroup.allCases.map { ($0.rawValue, t($0.label)) },
                            selected: application.priorityGroup?.rawValue ?? "")
            }
            Label(t("Giải cấp tỉnh", "Provincial prize")) {
                SelectField(name: "prize", options: [("", t("Không", "None")), (Prize.first.rawValue, t("Giải nhất", "First")),
                                                     (Prize.second.rawValue, t("Giải nhì", "Second")), (Prize.third.rawValue, t("Giải ba", "Third"))],
                            selected: application.prize?.rawValue ?? "")
            }
            SubmitButton(t("Lưu ưu tiên, khuyến khích", "Save the claims"))
        }
    }
}
