import Access
import EduCore
import Plot

/// The audit trail: a filter, the entries newest first, and the chain's check.
enum AuditViews {
    /// Snapshots can be long (a whole record); the page shows their start, the API gives them whole.
    static let shownLength = 400

    static func trail(_ entries: [AuditLog.Entry], filter: AuditForm, next: String?, verification: AuditLog.Verification?,
                      csrf: String?, t: Localizer) -> Component {
        Div {
            H1(t("Nhật ký kiểm toán", "Audit trail"))
            if let verification { result(verification, t: t) }
            Form(url: "/audit/verify", method: .post) {
                CSRFField(token: csrf)
                SubmitButton(t("Kiểm tra tính toàn vẹn của chuỗi nhật ký", "Check the chain's integrity"))
            }
            Form(url: "/audit", method: .get) {
                Label(t("Loại hồ sơ (student, staff, school, user…)", "Kind of record (student, staff, school, user…)")) {
                    Input(type: .text, name: "entity", value: filter.entity?.attributeEscaped)
                }
                Label(t("Mã hồ sơ (id)", "Record id")) { Input(type: .text, name: "entity_id", value: filter.entityID?.attributeEscaped) }
                Label(t("Người thực hiện (user:tên-đăng-nhập, token:…, cli)", "Actor (user:username, token:…, cli)")) {
                    Input(type: .text, name: "actor", value: filter.actor?.attributeEscaped)
                }
                Label(t("Từ ngày", "From")) { Input(type: .date, name: "from", value: filter.from?.attributeEscaped) }
                Label(t("Đến hết ngày", "To the end of")) { Input(type: .date, name: "to", value: filter.to?.attributeEscaped) }
                SubmitButton(t("Lọc", "Filter"))
            }
            Table(header: TableRow {
                TableHeaderCell("#"); TableHeaderCell(t("Thời điểm", "When")); TableHeaderCell(t("Người thực hiện", "Actor"))
                TableHeaderCell(t("Từ đâu", "From where")); TableHeaderCell(t("Hành động", "Action"))
                TableHeaderCell(t("Hồ sơ", "Record")); TableHeaderCell(t("Trước", "Before")); TableHeaderCell(t("Sau", "After"))
            }) {
                for entry in entries {
                    TableRow {
                        TableCell(String(entry.id)); TableCell(vietnamTime(entry.at)); TableCell(entry.actor); TableCell(entry.origin)
                        TableCell(entry.action); TableCell("\(entry.entity) \(entry.entityId)")
                        TableCell(shortened(entry.before)); TableCell(shortened(entry.after))
                    }
                }
            }
            if entries.isEmpty { Paragraph(t("Không có mục nào.", "No entries.")) }
            if let next { Paragraph(Link(t("Các mục cũ hơn →", "Older entries →"), url: next)) }
        }
    }

    private static func result(_ verification: AuditLog.Verification, t: Localizer) -> Component {
        switch verification {
        case .intact(let count):
            Paragraph(t("Chuỗi nhật ký nguyên vẹn: \(count) mục.", "The chain is intact: \(count) entries.")).class("ok")
        case .broken(let id, let reason):
            Paragraph(t("Chuỗi nhật ký bị phá vỡ tại mục \(id): \(reason.vi)", "The chain is broken at entry \(id): \(reason.en)")).class("error")
        }
    }

    private static func shortened(_ text: String?) -> String {
        guard let text else { return "" }
        return text.count > shownLength ? String(text.prefix(shownLength)) + "…" : text
    }
}
