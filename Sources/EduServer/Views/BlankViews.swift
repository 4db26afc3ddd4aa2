import Credentials
import EduCore
import Plot

/// The stock of blank forms: a tally by kind and state, a blank's history by its serial, and the department's forms.
enum BlankViews {
    struct Page: Component {
        let tally: [CredentialKind: [BlankStatus: Int]]
        let found: (Blank, [BlankEvent])?
        let asked: String?
        let changes: Bool
        let csrf: String?
        let message: Bilingual?
        let error: Bilingual?
        let t: Localizer

        var body: Component {
            Div {
                H1(t("Phôi văn bằng, chứng chỉ", "Blank forms"))
                CredentialsMenu(current: "/credentials/blanks", t: t)
                Paragraph(t("Theo dõi từng phôi: nhập kho, cấp (khi văn bằng được vào sổ gốc), hỏng, huỷ (TT 21/2019 Điều 12).",
                            "Each blank tracked: received, issued (when a credential is registered on it), spoiled, cancelled (TT 21/2019 art. 12)."))
                Notices(message: message, error: error, t: t)
                Table(header: TableRow {
                    TableHeaderCell(t("Loại", "Kind"))
                    for status in BlankStatus.allCases { TableHeaderCell(t(status.label)) }
                }) {
                    for kind in CredentialKind.allCases where tally[kind] != nil {
                        TableRow {
                            TableCell(t(kind.label))
                            for status in BlankStatus.allCases { TableCell(String(tally[kind]?[status] ?? 0)) }
                        }
                    }
                }
                Form(url: "/credentials/blanks", method: .get) {
                    Label(t("Số hiệu", "Serial")) { TextField(name: "serial", text: (asked ?? "").attributeEscaped) }
                    SubmitButton(t("Xem phôi", "Show the blank"))
                }
                if let (blank, events) = found { history(blank, events) } else if let asked, !asked.isEmpty {
                    Paragraph(t("Không có phôi mang số hiệu này.", "No blank has this serial."))
                }
                if changes { forms }
            }
        }

        private func history(_ blank: Blank, _ events: [BlankEvent]) -> Component {
            Div {
                H2("\(blank.serial) · \(t(blank.kind.label)) · \(t(blank.status.label))")
                Paragraph(t("Nhập theo: ", "Received by: ") + blank.receivedBy)
                Table {
                    for event in events {
                        TableRow { TableCell(vietnamTime(event.at)); TableCell(t(event.status.label)); TableCell(event.note); TableCell(event.by) }
                    }
                }
            }
        }

        private var forms: Component {
            Div {
                H2(t("Nhập kho", "Receive"))
                Form(url: "/credentials/blanks/receive", method: .post) {
                    CSRFField(token: csrf)
                    Label(t("Loại", "Kind")) { SelectField(name: "kind", options: CredentialKind.allCases.map { ($0.rawValue, t($0.label)) }) }
                    Label(t("Từ số hiệu", "From serial")) { TextField(name: "from", isRequired: true) }
                    Label(t("Đến số hiệu", "To serial")) { TextField(name: "to", isRequired: true) }
                    Label(t("Chứng từ nhập", "Document")) { TextField(name: "document", isRequired: true) }
                    SubmitButton(t("Nhập kho", "Receive"))
                }
                for status in [BlankStatus.spoiled, .cancelled] {
                    H2(status == .spoiled ? t("Báo hỏng", "Spoiled") : t("Huỷ phôi", "Cancel"))
                    Form(url: "/credentials/blanks/\(status.rawValue)", method: .post) {
                        CSRFField(token: csrf)
                        Label(t("Số hiệu", "Serial")) { TextField(name: "serial", isRequired: true) }
                        Label(status == .spoiled ? t("Lý do", "Reason") : t("Quyết định, lý do", "Decision and reason")) { TextField(name: "reason", isRequired: true) }
                        SubmitButton(status == .spoiled ? t("Báo hỏng", "Mark spoiled") : t("Huỷ", "Cancel it"))
                    }
                }
            }
        }
    }
}
