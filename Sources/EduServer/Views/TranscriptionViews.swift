import Credentials
import EduCore
import Plot
import Tabular

/// Double entry: the batches and the form to open one; a batch with its page, the two transcriptions, and for a third
/// person the differences to settle.
enum TranscriptionViews {
    /// The option for "the right value is empty": an empty option value means "not chosen yet".
    static let emptyChoice = "(trống)"

    struct List: Component {
        let batches: [TranscriptionBatch]
        let error: Bilingual?
        let csrf: String?
        let t: Localizer

        var body: Component {
            Div {
                H1(t("Nhập liệu hai lần sổ gốc", "Double entry of the registers"))
                CredentialsMenu(current: "/credentials/transcriptions", t: t)
                Paragraph(t("Hai người nhập độc lập cùng một trang sổ gốc (theo mẫu tệp nhập sổ gốc); người thứ ba xử lý chỗ hai bản khác nhau. Chỉ dòng đã khớp hoặc đã xử lý mới vào sổ gốc.",
                            "Two people type the same register page on their own (in the register import template); a third settles where they differ. Only agreed or settled lines reach the register."))
                Notices(message: nil, error: error, t: t)
                Table(header: TableRow {
                    TableHeaderCell(t("Đợt", "Batch")); TableHeaderCell(t("Cơ quan cấp", "Issuing body"))
                    TableHeaderCell(t("Bản nhập", "Transcriptions")); TableHeaderCell(t("Trạng thái", "Status"))
                }) {
                    for batch in batches {
                        TableRow {
                            TableCell { Link(batch.label, url: "/credentials/transcriptions/\(batch.id)") }
                            TableCell(batch.issuer)
                            TableCell("\(batch.transcribers.count)/2")
                            TableCell(status(batch))
                        }
                    }
                }
                H2(t("Mở đợt nhập liệu", "Open a batch"))
                Form(url: "/credentials/transcriptions", method: .post, contentType: .multipartData) {
                    CSRFField(token: csrf)
                    Label(t("Tên đợt (sổ, năm, trang)", "Name (register, year, page)")) {
                        Input(type: .text, name: "label", isRequired: true).attribute(named: "maxlength", value: String(TranscriptionStore.maximumLabel))
                    }
                    Label(t("Cơ quan cấp văn bằng, giữ sổ gốc", "The body that issued the credentials and holds the register")) {
                        Input(type: .text, name: "issuer", isRequired: true)
                    }
                    Label(t("Ảnh trang sổ (JPEG, PNG, TIFF, PDF; không bắt buộc)", "Scan of the page (JPEG, PNG, TIFF, PDF; optional)")) {
                        Input(type: .file, name: "scan").attribute(named: "accept", value: ".jpg,.jpeg,.png,.tif,.tiff,.pdf")
                    }
                    SubmitButton(t("Mở đợt", "Open"))
                }
            }
        }

        private func status(_ batch: TranscriptionBatch) -> String {
            switch batch.status {
            case .settled: t("Đã vào sổ gốc", "Registered")
            case .open where batch.isCompared: t("Chờ xử lý chỗ khác nhau", "Differences to settle")
            case .open: t("Đang nhập", "Being typed")
            }
        }
    }

    struct Batch: Component {
        let batch: TranscriptionBatch
        let comparison: TranscriptionComparison?
        let viewer: Transcriber
        let changes: Bool
        let message: Bilingual?
        let error: Bilingual?
        let problems: [RowProblem]
        let csrf: String?
        let t: Localizer

        var body: Component {
            Div {
                H1(batch.label)
                Paragraph(t("Cơ quan cấp: ", "Issuing body: ") + batch.issuer)
                Notices(message: message, error: error, t: t)
                if !problems.isEmpty { ImportViews.problemTable(problems, t: t) }
                if let scan = batch.pageScan { PageScanView(scan: scan, t: t) }
                H2(t("Bản nhập", "Transcriptions"))
                Paragraph(batch.transcribers.isEmpty ? t("Chưa có bản nhập nào.", "No transcription yet.")
                          : batch.transcribers.enumerated().map { "\($0.offset + 1). \($0.element.name)" }.joined(separator: " · "))
                if changes && batch.awaitsTranscription(from: viewer) { upload }
                if let comparison { differences(comparison) }
                if batch.status == .settled { Paragraph(t("Đã vào sổ gốc; người xử lý: ", "Registered; settled by: ") + (batch.settledBy ?? "")).class("ok") }
                Paragraph { Link(t("Về danh sách", "Back to the list"), url: "/credentials/transcriptions") }
            }
        }

        private var upload: Component {
            Form(url: "/credentials/transcriptions/\(batch.id)/transcription", method: .post, contentType: .multipartData) {
                CSRFField(token: csrf)
                Label(t("Bản nhập của bạn (CSV hoặc XLSX, mẫu nhập sổ gốc)", "Your transcription (CSV or XLSX, the register import template)")) {
                    Input(type: .file, name: "file").attribute(named: "accept", value: ".csv,.xlsx").attribute(named: "required", value: "required")
                }
                SubmitButton(t("Nộp bản nhập", "Hand in"))
            }
        }

        private func differences(_ comparison: TranscriptionComparison) -> Component {
            let open = comparison.pairs.filter { !$0.differences.isEmpty }
            let settling = changes && batch.maySettle(viewer)
            return Div {
                H2(t("Đối chiếu", "Comparison"))
                Paragraph(t("\(comparison.pairs.count - open.count) dòng khớp, \(open.count) dòng khác nhau, còn \(comparison.unresolved) dòng chưa xử lý.",
                            "\(comparison.pairs.count - open.count) lines agree, \(open.count) differ, \(comparison.unresolved) still to settle."))
                let dropped = comparison.pairs.filter { comparison.settled($0) == .dropped }.map(\.key)
                if !dropped.isEmpty { Paragraph(t("Dòng bỏ ra: ", "Lines left out: ") + dropped.joined(separator: ", ")) }
                if batch.status == .open && !settling {
                    Paragraph(t("Người xử lý chỗ khác nhau phải là người thứ ba, không phải người đã nhập.",
                                "Differences are settled by a third person, not by one of those who typed the page."))
                }
                Form(url: "/credentials/transcriptions/\(batch.id)/resolutions", method: .post) {
                    CSRFField(token: csrf)
                    Table(header: TableRow {
                        TableHeaderCell(t("Dòng (bản 1-bản 2)", "Line (first-second)")); TableHeaderCell(t("Cột", "Column"))
                        TableHeaderCell(t("Bản 1", "First")); TableHeaderCell(t("Bản 2", "Second")); TableHeaderCell(t("Giá trị đúng", "Right value"))
                    }) {
                        for pair in open {
                            for field in pair.differences {
                                TableRow {
                                    TableCell(pair.key); TableCell(columnTitle(field))
                                    TableCell(typed(pair.first, field)); TableCell(typed(pair.second, field))
                                    TableCell { choice(pair, field, chosen: comparison.resolutions[pair.key]?[field], enabled: settling) }
                                }
                            }
                        }
                    }
                    if settling {
                        Label(t("Bỏ một dòng (ghi mã dòng, ví dụ 3-3): dòng không có trên trang, hoặc sổ gốc không nhận",
                                "Leave a line out (its key, e.g. 3-3): a line not on the page, or one the register refuses")) {
                            Input(type: .text, name: "drop")
                        }
                        SubmitButton(t("Lưu lựa chọn", "Save the choices"))
                    }
                }
                if settling {
                    Form(url: "/credentials/transcriptions/\(batch.id)/settle", method: .post) {
                        CSRFField(token: csrf)
                        SubmitButton(t("Đưa vào sổ gốc", "Register the batch"))
                    }
                }
            }
        }

        private func columnTitle(_ field: String) -> String {
            field == DoubleEntry.lineField ? t("Cả dòng", "Whole line")
                : RegisterFile.columns.first { $0.name == field }.map { t($0.vietnamese, $0.name) } ?? field
        }

        /// What one operator typed: the cell, or the whole line when the field is the line.
        private func typed(_ line: DoubleEntry.Cells?, _ field: String) -> String {
            guard let line else { return t("(không nhập)", "(not typed)") }
            guard field == DoubleEntry.lineField else { return line[field] ?? "" }
            return DoubleEntry.fields.compactMap { line[$0] }.joined(separator: " · ")
        }

        /// The third person's choice: one of the typed values (keep or drop for a whole line), or another value typed;
        /// others see what was chosen so far.
        private func choice(_ pair: DoubleEntry.Pair, _ field: String, chosen: String?, enabled: Bool) -> Component {
            let options: [(value: String, label: String)] = field == DoubleEntry.lineField
                ? [("keep", t("Giữ dòng", "Keep the line")), ("drop", t("Bỏ dòng", "Drop the line"))]
                : Array(Set([pair.first?[field] ?? "", pair.second?[field] ?? ""])).sorted()
                    .map { ($0.isEmpty ? emptyChoice : $0, $0.isEmpty ? t("(để trống)", "(empty)") : $0) }
            let chosen = chosen.map { $0.isEmpty ? emptyChoice : $0 }
            guard enabled else { return Text(options.first { $0.value == chosen }?.label ?? chosen ?? "") }
            let other = chosen.flatMap { options.map(\.value).contains($0) ? nil : $0 }
            return Div {
                SelectField(name: "v:\(pair.key):\(field)", options: [("", t("— chọn —", "— choose —"))] + options, selected: chosen,
                            label: "\(pair.key) \(columnTitle(field))")
                if field != DoubleEntry.lineField {
                    Input(type: .text, name: "o:\(pair.key):\(field)", value: other?.attributeEscaped, placeholder: t("giá trị khác", "another value"))
                }
            }
        }
    }
}
