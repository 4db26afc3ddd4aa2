import EduCore
import Foundation
import Plot
import Quality
import Registry

/// The duplicate-record review: the queue of proposed pairs and recent decisions, and one pair side by side with how
/// each field agrees, the choice of the record to keep, and undo.
enum LinkageViews {
    /// A roster's pairs on the queue page.
    struct Listing {
        let roster: LinkageRoster
        let pending: [LinkageStore.Pair]
        let decided: [LinkageStore.Pair]
    }

    /// Where a pair's page is: students' under /quality/linkage/pairs, staff's under /quality/linkage/staff/pairs.
    static func path(_ roster: LinkageRoster, _ pairID: Int) -> String {
        roster == .students ? "/quality/linkage/pairs/\(pairID)" : "/quality/linkage/staff/pairs/\(pairID)"
    }

    static func queue(run: LinkageStore.Run?, listings: [Listing], scanQueued: Bool, canScan: Bool, csrf: String?, t: Localizer) -> Component {
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
            for listing in listings {
                let whose = listing.roster == .students ? t("Học sinh", "Students") : t("Cán bộ, giáo viên", "Staff")
                H2(t("\(whose): chờ xem xét (\(listing.pending.count))", "\(whose): waiting for review (\(listing.pending.count))"))
                if listing.pending.isEmpty {
                    Paragraph(t("Không có cặp nào chờ xem xét.", "No pair is waiting.")).class("ok")
                } else {
                    pairTable(listing.pending, roster: listing.roster, t: t)
                }
                if !listing.decided.isEmpty {
                    H2(t("\(whose): đã quyết định gần đây", "\(whose): decided recently"))
                    pairTable(listing.decided, roster: listing.roster, t: t)
                }
            }
        }
    }

    private static func pairTable(_ pairs: [LinkageStore.Pair], roster: LinkageRoster, t: Localizer) -> Component {
        Table(header: TableRow {
            Text(t("Khả năng là một người", "Match probability"))
            Text(t("Hồ sơ thứ nhất", "First record"))
            Text(t("Hồ sơ thứ hai", "Second record"))
            Text(t("Trạng thái", "Status"))
        }) {
            for pair in pairs {
                TableRow {
                    TableCell { Link(percent(pair.probability), url: path(roster, pair.id)) }
                    TableCell("\(pair.firstName), \(birth(pair.firstBirth))")
                    TableCell("\(pair.secondName), \(birth(pair.secondBirth))")
                    TableCell(status(pair, t: t))
                }
            }
        }
    }

    /// One record of a pair as the review shows it: the fields compared, in `AgreementLevel.fields` order (personal ID,
    /// name, date of birth, gender, and a student's birthplace: staff records keep none), its page, and context
    /// (label, value) for the reviewer.
    struct Side {
        let compared: [String?]
        let url: String
        let context: [(label: String, value: String)]
        /// The record a merge keeps by default: the one with a personal ID.
        var hasNationalID: Bool { compared.first.flatMap { $0 } != nil }

        static func student(_ detail: RegistryStore.StudentDetail, school: String, t: Localizer) -> Side {
            Side(compared: [detail.nationalID, detail.summary.fullName, birth(detail.summary.dateOfBirth),
                            RegistryViews.gender(detail.summary.gender, t), detail.birthplace],
                 url: "/students/\(detail.summary.id)",
                 context: [(t("Trường", "School"), school), (t("Mã học sinh", "Student code"), detail.summary.studentCode ?? ""),
                           (t("Địa chỉ", "Address"), detail.address), (t("Phụ huynh", "Guardian"), detail.guardianName),
                           (t("Lớp gần nhất", "Latest class"), latestClass(detail))])
        }

        static func staff(_ detail: RegistryStore.StaffDetail, school: String, t: Localizer) -> Side {
            Side(compared: [detail.nationalID, detail.summary.fullName, birth(detail.summary.dateOfBirth),
                            RegistryViews.gender(detail.summary.gender, t)],
                 url: "/staff/\(detail.summary.id)",
                 context: [(t("Trường", "School"), school), (t("Mã cán bộ", "Staff code"), detail.summary.staffCode ?? ""),
                           (t("Chức vụ", "Position"), detail.summary.position), (t("Trình độ", "Qualification"), detail.summary.qualification),
                           (t("Môn dạy", "Subjects"), detail.summary.subjects)])
        }
    }

    static func pair(_ pair: LinkageStore.Pair, roster: LinkageRoster, first: Side, second: Side, canDecide: Bool, csrf: String?,
                     t: Localizer) -> Component {
        let levels = pair.fieldLevels
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
                for field in first.compared.indices {
                    HeadedRow(t(AgreementLevel.fields[field].name)) {
                        TableCell(first.compared[field] ?? "")
                        TableCell(second.compared[field] ?? "")
                        agreement(field: field, level: levels.indices.contains(field) ? levels[field] : 0, t: t)
                    }
                }
                for (index, context) in first.context.enumerated() {
                    HeadedRow(context.label) {
                        TableCell(context.value)
                        TableCell(second.context[index].value)
                        TableCell("")
                    }
                }
            }
            Paragraph {
                Link(t("Xem hồ sơ thứ nhất", "Open the first record"), url: first.url)
                Text(" · ")
                Link(t("Xem hồ sơ thứ hai", "Open the second record"), url: second.url)
                Text(" · ")
                Link(t("Về danh sách", "Back to the list"), url: "/quality/linkage")
            }
            if canDecide {
                decisionForms(pair, path: path(roster, pair.id), keepSecond: !first.hasNationalID && second.hasNationalID, csrf: csrf, t: t)
            }
        }
    }

    /// `keepSecond`: the record with a personal ID is the better one to keep; between equals, the older record.
    @ComponentBuilder
    private static func decisionForms(_ pair: LinkageStore.Pair, path: String, keepSecond: Bool, csrf: String?, t: Localizer) -> Component {
        if pair.status == "pending" {
            Form(url: "\(path)/merge", method: .post) {
                CSRFField(token: csrf)
                FieldSet {
                    Element(name: "legend") { Text(t("Gộp thành một người, giữ hồ sơ:", "Merge as one person, keeping the record:")) }
                    survivorChoice(pair.firstId, label: t("Hồ sơ thứ nhất", "The first record"), checked: !keepSecond)
                    survivorChoice(pair.secondId, label: t("Hồ sơ thứ hai", "The second record"), checked: keepSecond)
                }
                Paragraph(t("Cả hai hồ sơ đều được giữ nguyên; việc gộp có thể hoàn tác.", "Both records are kept as they are; a merge can be undone."))
                SubmitButton(t("Gộp", "Merge"))
            }
            Form(url: "\(path)/distinct", method: .post) {
                CSRFField(token: csrf)
                SubmitButton(t("Đây là hai người khác nhau", "These are two different people"))
            }
        } else if ["merged", "distinct"].contains(pair.status) {
            Form(url: "\(path)/undo", method: .post) {
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

    static func refused(_ message: Bilingual, pairPath: String, t: Localizer) -> Component {
        Div {
            H1(t("Không thực hiện được", "Not done"))
            Paragraph(t(message)).class("error")
            Link(t("Về cặp hồ sơ", "Back to the pair"), url: pairPath)
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

    static func birth(_ iso: String) -> String { CalendarDate(iso: iso)?.vietnamese ?? iso }

    static func percent(_ probability: Double) -> String { String(format: "%.1f %%", probability * 100) }
}
