import EduCore
import Foundation
import Plot
import Quality
import Registry

/// The duplicate-record review: the queue of proposed pairs and recent decisions, and one pair side by side with how
/// each field agrees, the choice of the record to keep, and undo.
enum LinkageViews {
    static func queue(run: LinkageStore.Run?, pending: [LinkageStore.Pair], decided: [LinkageStore.Pair], scanQueued: Bool,
                      canScan: Bool, csrf: String?, t: Localizer) -> Component {
        Div {
            H1(t("Hồ sơ có thể trùng lặp", "Records that may be duplicates"))
            if let run {
                Paragraph(t("Lần quét gần nhất: \(run.startedAt), \(run.records) hồ sơ, \(run.candidatePairs) cặp được so sánh, \(run.proposed) cặp đề xuất.",
                            "Latest scan: \(run.startedAt), \(run.records) records, \(run.candidatePairs) pairs compared, \(run.proposed) pairs proposed."))
            } else {
                Paragraph(t("Chưa quét lần nào.", "No scan yet."))
            }
            if scanQueued {
                Paragraph(t("Đã xếp lịch quét lại; tải lại trang sau ít phút.", "A new scan is queued; reload this page in a few minutes.")).class("ok")
            }
            if canScan {
                Form(url: "/quality/linkage/scan", method: .post) {
                    CSRFField(token: csrf)
                    SubmitButton(t("Quét lại toàn tỉnh", "Scan the province again"))
                }
            }
            H2(t("Chờ xem xét (\(pending.count))", "Waiting for review (\(pending.count))"))
            if pending.isEmpty {
                Paragraph(t("Không có cặp nào chờ xem xét.", "No pair is waiting.")).class("ok")
            } else {
                pairTable(pending, t: t)
            }
            if !decided.isEmpty {
                H2(t("Đã quyết định gần đây", "Decided recently"))
                pairTable(decided, t: t)
            }
        }
    }

    private static func pairTable(_ pairs: [LinkageStore.Pair], t: Localizer) -> Component {
        Table(header: TableRow {
            Text(t("Khả năng là một người", "Match probability"))
            Text(t("Hồ sơ thứ nhất", "First record"))
            Text(t("Hồ sơ thứ hai", "Second record"))
            Text(t("Trạng thái", "Status"))
        }) {
            for pair in pairs {
                TableRow {
                    TableCell { Link(percent(pair.probability), url: "/quality/linkage/pairs/\(pair.id)") }
                    TableCell("\(pair.firstName), \(birth(pair.firstBirth))")
                    TableCell("\(pair.secondName), \(birth(pair.secondBirth))")
                    TableCell(status(pair, t: t))
                }
            }
        }
    }

    static func pair(_ pair: LinkageStore.Pair, first: RegistryStore.StudentDetail, second: RegistryStore.StudentDetail,
                     schoolNames: [Int: String], canDecide: Bool, csrf: String?, t: Localizer) -> Component {
        let levels = pair.fieldLevels
        let compared: [(String?, String?)] = [
            (first.nationalID, second.nationalID),
            (first.summary.fullName, second.summary.fullName),
            (birth(first.summary.dateOfBirth), birth(second.summary.dateOfBirth)),
            (RegistryViews.gender(first.summary.gender, t), RegistryViews.gender(second.summary.gender, t)),
            (first.birthplace, second.birthplace),
        ]
        let context: [(String, String, String)] = [
            (t("Trường", "School"), schoolNames[first.summary.schoolId] ?? "", schoolNames[second.summary.schoolId] ?? ""),
            (t("Mã học sinh", "Student code"), first.summary.studentCode ?? "", second.summary.studentCode ?? ""),
            (t("Địa chỉ", "Address"), first.address, second.address),
            (t("Phụ huynh", "Guardian"), first.guardianName, second.guardianName),
            (t("Lớp gần nhất", "Latest class"), latestClass(first), latestClass(second)),
        ]
        return Div {
            H1(t("Hai hồ sơ có thể là một người", "Two records that may be one person"))
            Paragraph(t("Khả năng là một người: \(percent(pair.probability)). \(status(pair, t: t))",
                        "Match probability: \(percent(pair.probability)). \(status(pair, t: t))"))
            Table(header: TableRow {
                Text("")
                Text(t("Hồ sơ thứ nhất", "First record"))
                Text(t("Hồ sơ thứ hai", "Second record"))
                Text(t("So khớp", "Agreement"))
            }) {
                for (field, values) in compared.enumerated() {
                    HeadedRow(t(AgreementLevel.fields[field].name)) {
                        TableCell(values.0 ?? "")
                        TableCell(values.1 ?? "")
                        agreement(field: field, level: levels.indices.contains(field) ? levels[field] : 0, t: t)
                    }
                }
                for (label, a, b) in context {
                    HeadedRow(label) {
                        TableCell(a)
                        TableCell(b)
                        TableCell("")
                    }
                }
            }
            Paragraph {
                Link(t("Xem hồ sơ thứ nhất", "Open the first record"), url: "/students/\(pair.firstId)")
                Text(" · ")
                Link(t("Xem hồ sơ thứ hai", "Open the second record"), url: "/students/\(pair.secondId)")
                Text(" · ")
                Link(t("Về danh sách", "Back to the list"), url: "/quality/linkage")
            }
            if canDecide {
                decisionForms(pair, first: first, second: second, csrf: csrf, t: t)
            }
        }
    }

    @ComponentBuilder
    private static func decisionForms(_ pair: LinkageStore.Pair, first: RegistryStore.StudentDetail, second: RegistryStore.StudentDetail,
                                      csrf: String?, t: Localizer) -> Component {
        if pair.status == "pending" {
            // The record with a personal ID is the better one to keep; between equals, the older record.
            let keepSecond = first.nationalID == nil && second.nationalID != nil
            Form(url: "/quality/linkage/pairs/\(pair.id)/merge", method: .post) {
                CSRFField(token: csrf)
                FieldSet {
                    Element(name: "legend") { Text(t("Gộp thành một người, giữ hồ sơ:", "Merge as one person, keeping the record:")) }
                    survivorChoice(pair.firstId, label: t("Hồ sơ thứ nhất", "The first record"), checked: !keepSecond)
                    survivorChoice(pair.secondId, label: t("Hồ sơ thứ hai", "The second record"), checked: keepSecond)
                }
                Paragraph(t("Cả hai hồ sơ đều được giữ nguyên; việc gộp có thể hoàn tác.", "Both records are kept as they are; a merge can be undone."))
                SubmitButton(t("Gộp", "Merge"))
            }
            Form(url: "/quality/linkage/pairs/\(pair.id)/distinct", method: .post) {
                CSRFField(token: csrf)
                SubmitButton(t("Đây là hai người khác nhau", "These are two different people"))
            }
        } else if ["merged", "distinct"].contains(pair.status) {
            Form(url: "/quality/linkage/pairs/\(pair.id)/undo", method: .post) {
                CSRFField(token: csrf)
                SubmitButton(t("Hoàn tác quyết định", "Undo the decision"))
            }
        }
    }

    private static func survivorChoice(_ id: Int, label: String, checked: Bool) -> Component {
        Label(label) {
            Input(type: .radio, name: "survivor", value: String(id), isRequired: true)
                .attribute(named: "checked", value: checked ? "checked" : nil, ignoreValueIfEmpty: true)
        }
    }

    static func refused(_ message: Bilingual, pairID: Int, t: Localizer) -> Component {
        Div {
            H1(t("Không thực hiện được", "Not done"))
            Paragraph(t(message)).class("error")
            Link(t("Về cặp hồ sơ", "Back to the pair"), url: "/quality/linkage/pairs/\(pairID)")
        }
    }

    private static func agreement(field: Int, level: Int, t: Localizer) -> Component {
        let cell = TableCell(t(AgreementLevel.describe(field: field, level: level)))
        switch AgreementLevel.leaning(field: field, level: level) {
        case .same: return cell.class("ok")
        case .close: return cell.class("warn")
        case .different: return cell.class("error")
        case .unknown: return cell
        }
    }

    private static func status(_ pair: LinkageStore.Pair, t: Localizer) -> String {
        let by = pair.decidedBy.map { " (\($0), \(pair.decidedAt ?? ""))" } ?? ""
        switch pair.status {
        case "pending": return t("Chờ xem xét", "Waiting for review")
        case "merged": return t("Đã gộp", "Merged") + by
        case "distinct": return t("Hai người khác nhau", "Two different people") + by
        default: return t("Không còn được đề xuất", "No longer proposed")
        }
    }

    private static func latestClass(_ detail: RegistryStore.StudentDetail) -> String {
        detail.enrolments.first.map { "\($0.className ?? "") (\($0.schoolYear))" } ?? ""
    }

    private static func birth(_ iso: String) -> String { CalendarDate(iso: iso)?.vietnamese ?? iso }

    private static func percent(_ probability: Double) -> String { String(format: "%.1f %%", probability * 100) }
}
