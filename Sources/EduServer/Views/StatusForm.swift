import EduCore
import Plot
import Registry

/// The form on a student's or staff member's page that sets their status, and why the last one submitted was refused.
struct StatusForm {
    let csrf: String?
    let problems: [RowProblem]

    /// `stored`: the record's status as stored; a code this version does not know is shown selected as it is, rather
    /// than silently replaced by the first choice (saved as it is, it is refused as unknown, and nothing changes).
    func panel<Status: RecordStatus>(action: String, stored: String, as _: Status.Type, t: Localizer) -> Component {
        let known = Status.allCases.map { ($0.rawValue, t($0.label)) }
        let options = Status(rawValue: stored) == nil ? [(stored, stored)] + known : known
        return Div {
            H2(t("Đổi trạng thái", "Change the status"))
            if !problems.isEmpty {
                Paragraph(t("Chưa đổi trạng thái:", "The status was not changed:")).class("error")
                ImportViews.problemTable(problems, t: t)
            }
            Form(url: action, method: .post) {
                CSRFField(token: csrf)
                Label(t("Trạng thái", "Status")) {
                    SelectField(name: "status", options: options, selected: stored)
                }
                SubmitButton(t("Lưu trạng thái", "Save the status"))
            }
        }
    }
}

extension RegistryViews {
    /// A stored status in the reader's language; a code this version does not know is shown as stored.
    static func statusLabel<Status: RecordStatus>(_ raw: String, as _: Status.Type, _ t: Localizer) -> String {
        Status(rawValue: raw).map { t($0.label) } ?? raw
    }
}
