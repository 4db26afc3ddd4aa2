import EduCore
import Plot
import Registry
import Storage

enum ImportViews {
    static func form(csrf: String?, t: Localizer) -> Component {
        Div {
            H1(t("Nhập dữ liệu từ Excel/CSV", "Import from Excel/CSV"))
            Paragraph(t("Thứ tự nhập: trường → cán bộ → lớp → học sinh. Mọi dòng được kiểm tra trước; nếu có lỗi, không dòng nào được ghi.",
                        "Import in this order: schools → staff → classes → students. Every row is checked first; if any is wrong, nothing is written."))
            List(RegistrySheet.allCases) { sheet in
                ListItem {
                    Text(t(sheet.label) + ": ")
                    Link(t("mẫu CSV", "CSV template"), url: "/templates/\(sheet.rawValue).csv")
                    Text(" · ")
                    Link(t("mẫu Excel", "Excel template"), url: "/templates/\(sheet.rawValue).xlsx")
                }
            }
            Form(url: "/import", method: .post, contentType: .multipartData) {
                CSRFField(token: csrf)
                Label(t("Loại dữ liệu", "Sheet")) {
                    SelectField(name: "sheet", options: RegistrySheet.allCases.map { ($0.rawValue, t($0.label)) })
                }
                Label(t("Tệp (.csv hoặc .xlsx)", "File (.csv or .xlsx)")) { Input(type: .file, name: "file", isRequired: true) }
                Label(t("Chạy thử (không ghi) ", "Dry run (write nothing) ")) { Input(type: .checkbox, name: "dry_run", value: "1") }
                SubmitButton(t("Nhập", "Import"))
            }
        }
    }

    /// The progress page reloads itself every two seconds while the job runs (no JavaScript needed).
    static func job(_ job: JobQueue.Job, outcome: ImportOutcome?, t: Localizer) -> Component {
        Div {
            H1(t("Tiến trình nhập", "Import progress"))
            switch job.state {
            case "queued", "running":
                Paragraph(t("Đang xử lý: \(Int(job.progress * 100))%", "Working: \(Int(job.progress * 100))%"))
                Element(name: "progress") { Text("\(Int(job.progress * 100))%") }
                    .attribute(named: "max", value: "100").attribute(named: "value", value: String(Int(job.progress * 100)))
            case "failed":
                Paragraph(t("Lỗi: ", "Failed: ") + (job.error ?? "")).class("error")
            default:
                if let outcome {
                    Paragraph((outcome.dryRun ? t("Chạy thử: ", "Dry run: ") : "") + outcome.summaryLine)
                    if !outcome.problems.isEmpty {
                        H2(t("Lỗi theo dòng (không có gì được ghi)", "Problems by row (nothing was written)")).class("error")
                        problemTable(outcome.problems, t: t)
                    }
                    if !outcome.warnings.isEmpty {
                        H2(t("Cảnh báo", "Warnings")).class("warn")
                        problemTable(outcome.warnings, t: t)
                    }
                    if outcome.dryRun && outcome.succeeded {
                        H2(t("Những gì sẽ được ghi", "What would be written"))
                        changeTable(outcome, t: t)
                    }
                }
            }
        }
    }

    static func changeTable(_ outcome: ImportOutcome, t: Localizer) -> Component {
        let shown = outcome.changes.prefix(500)
        return Div {
            Table(header: TableRow {
                TableHeaderCell(t("Dòng", "Row")); TableHeaderCell(t("Việc", "Action"))
                TableHeaderCell(t("Hồ sơ", "Record")); TableHeaderCell(t("Cột thay đổi", "Changed columns"))
            }) {
                for change in shown {
                    TableRow {
                        TableCell(String(change.row)); TableCell(t(change.action.label))
                        TableCell(change.record); TableCell(change.columns.joined(separator: ", "))
                    }
                }
            }
            let more = outcome.created + outcome.updated + outcome.unchanged - shown.count
            if more > 0 { Paragraph(t("… và \(more) dòng nữa (dòng lệnh liệt kê đến \(ImportOutcome.listedChanges) dòng)",
                                      "… and \(more) more rows (the command line lists up to \(ImportOutcome.listedChanges))")) }
        }
    }

    static func problemTable(_ problems: [RowProblem], t: Localizer) -> Component {
        Table(header: TableRow {
            TableHeaderCell(t("Dòng", "Row")); TableHeaderCell(t("Cột", "Column"))
            TableHeaderCell(t("Giá trị", "Value")); TableHeaderCell(t("Lý do", "Reason"))
        }) {
            for problem in problems.prefix(500) {
                TableRow {
                    TableCell(String(problem.row)); TableCell(problem.column); TableCell(problem.value)
                    TableCell("\(problem.reason.vi) / \(problem.reason.en)")
                }
            }
        }
    }
}
