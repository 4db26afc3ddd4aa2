import EduCore
import Plot
import Records

enum GradebookViews {
    static func grid(_ sheet: GradebookSheet, message: String?, problems: [RowProblem], error: EduError?, csrf: String?, t: Localizer) -> Component {
        let columns = sheet.columns
        let editable = sheet.status == .open
        let path = "/gradebooks/\(sheet.assignment.id)/semesters/\(sheet.semester)"
        return Div {
            H1("\(sheet.assignment.subject) · \(t("Học kì", "Semester")) \(sheet.semester)")
            Paragraph(t(statusText(sheet.status)))
            if let message { Paragraph(message).class("ok") }
            if let error { Paragraph(t(error.message)).class("error") }
            if !problems.isEmpty {
                List(problems) { problem in
                    ListItem(t("Dòng \(problem.row), \(problem.column): \(problem.reason.vi)", "Row \(problem.row), \(problem.column): \(problem.reason.en)"))
                }.class("error")
            }
            Form(url: path, method: .post) {
                CSRFField(token: csrf)
                Table(header: TableRow {
                    Text("#")
                    Text(t("Học sinh", "Student"))
                    for column in columns { Text(column.label) }
                }) {
                    for (index, student) in sheet.students.enumerated() {
                        TableRow {
                            TableCell(String(index + 1))
                            TableCell(student.fullName)
                            for column in columns {
                                TableCell {
                                    Input(type: .text, name: GradebookSheet.field(student: student.id, column),
                                          value: (sheet.value(student: student.id, column) ?? "").attributeEscaped)
                                        .attribute(named: "size", value: "4")
                                        .attribute(named: "inputmode", value: sheet.inputMode(column))
                                        .attribute(named: "aria-label", value: "\(student.fullName) \(column.label)".attributeEscaped)
                                        .attribute(named: "disabled", value: editable ? nil : "disabled", ignoreValueIfEmpty: true)
                                }
                            }
                        }
                    }
                }.class("grid")
                .attribute(named: "data-paste-overflow",
                           value: t("Khối dán vượt quá bảng điểm: không ô nào được điền.", "The pasted block runs past the grid: no cell was filled.")
                               .attributeEscaped)
                if editable {
                    Label(t("Hoặc dán từ bảng tính (mỗi dòng một học sinh theo thứ tự trên, các cột: \(columns.map(\.label).joined(separator: ", ")))",
                            "Or paste from a spreadsheet (one row per student in the order above, columns: \(columns.map(\.label).joined(separator: ", ")))")) {
                        TextArea(name: "paste", numberOfRows: 4)
                    }
                    SubmitButton(t("Lưu", "Save"))
                }
            }
            if editable {
                Form(url: path + "/import", method: .post, contentType: .multipartData) {
                    H2(t("Nhập từ tệp CSV/XLSX", "Import a CSV/XLSX file"))
                    Paragraph {
                        Text(t("Tải bảng điểm mẫu của lớp (có mã học sinh và điểm đã nhập): ", "Download the class's sheet (student codes, marks so far): "))
                        Link("CSV", url: path + "/bang-diem/csv")
                        Text(" · ")
                        Link("XLSX", url: path + "/bang-diem/xlsx")
                        Text(t(". Ô để trống giữ nguyên điểm đã có.", ". An empty cell keeps the stored mark."))
                    }
                    CSRFField(token: csrf)
                    Input(type: .file, name: "file", isRequired: true).attribute(named: "accept", value: ".csv,.xlsx")
                    SubmitButton(t("Nhập tệp", "Import the file"))
                }
                Form(url: path + "/submit", method: .post) {
                    CSRFField(token: csrf)
                    SubmitButton(t("Nộp sổ điểm", "Submit the gradebook"))
                }
            }
            Paragraph { Link(t("Cả lớp trong học kì này", "The class this semester"), url: "/classes/\(sheet.assignment.classID)/semesters/\(sheet.semester)") }
            if editable { Element(name: "script") {}.attribute(named: "src", value: GridScript.path) }
            if sheet.status == .locked { correctionForm(sheet, path: path, csrf: csrf, t: t) }
        }
    }

    /// For the subject's teacher or the homeroom teacher; the principal decides on the class's page.
    private static func correctionForm(_ sheet: GradebookSheet, path: String, csrf: String?, t: Localizer) -> Component {
        Form(url: path + "/corrections", method: .post) {
            H2(t("Yêu cầu điều chỉnh điểm", "Request a correction"))
            CSRFField(token: csrf)
            Label(t("Học sinh", "Student")) { SelectField(name: "student", options: sheet.students.map { (String($0.id), $0.fullName) }) }
            Label(t("Cột", "Column")) {
                SelectField(name: "column", options: sheet.columns.map { ("\($0.kind.rawValue)_\($0.position)", $0.label) })
            }
            Label(t("Giá trị mới (để trống: xoá điểm)", "New value (empty: clear the mark)")) { Input(type: .text, name: "value") }
            Label(t("Lý do", "Reason")) { Input(type: .text, name: "reason", isRequired: true) }
            SubmitButton(t("Gửi yêu cầu", "Send the request"))
        }
    }

    private static func statusText(_ status: GradebookStatus) -> Bilingual {
        switch status {
        case .open: Bilingual(vi: "Đang nhập điểm. Điểm 0–10, một chữ số thập phân (7,5 hoặc 7.5); môn nhận xét: Đ hoặc CĐ.",
                              en: "Open. Marks 0–10 with one decimal (7,5 or 7.5); comment subjects: Đ or CĐ.")
        case .submitted: Bilingual(vi: "Đã nộp: chờ giáo viên chủ nhiệm xác nhận.", en: "Submitted: waiting for the homeroom teacher.")
        case .locked: Bilingual(vi: "Đã khoá: sửa điểm cần yêu cầu điều chỉnh được hiệu trưởng duyệt.",
                                en: "Locked: a change needs a correction request approved by the principal.")
        }
    }
}
