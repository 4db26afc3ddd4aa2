import EduCore
import Plot
import Records
import Registry

/// After an approved HK II (TT22): the students the year sent to summer re-tests or training, what they got, and what
/// it decides. The homeroom teacher records until the principal approves; the decision shown before that is a preview.
struct SummerSection {
    struct Row {
        let student: RegistryStore.StudentSummary
        /// The year with the recorded summer counted, approved or not.
        let result: StudentYearResult
        let recorded: SummerResults?
    }

    let rows: [Row]
    let approved: Bool

    /// Named by subject, not by place: a correction decided between showing the page and saving it may change the list.
    static func retestField(student: Int, subject: String) -> String { "kt_\(student)_\(subject)" }
    static func conductField(student: Int) -> String { "rl_\(student)" }
}

enum SummerViews {
    static func section(_ summer: SummerSection, page: ClassSemesterPage, path: String, csrf: String?, t: Localizer) -> Component {
        let editable = page.isHomeroom && !summer.approved
        return Div {
            H2(t("Kiểm tra lại, rèn luyện hè", "Summer re-tests and training"))
            if summer.rows.isEmpty {
                Paragraph(t("Không học sinh nào phải kiểm tra lại hoặc rèn luyện hè.", "No student has summer re-tests or training."))
            } else {
                Paragraph(t(summer.approved
                    ? Bilingual(vi: "Hiệu trưởng đã duyệt kết quả sau hè: học bạ phiên bản mới ghi kết quả này.",
                                en: "The principal has approved the summer's results: the next học bạ version carries them.")
                    : Bilingual(vi: "Giáo viên chủ nhiệm ghi điểm kiểm tra lại và rèn luyện sau hè; kết quả chỉ được tính khi hiệu trưởng duyệt.",
                                en: "The homeroom teacher records re-test marks and conduct after training; they count once the principal approves.")))
                Form(url: path + "/summer", method: .post) {
                    CSRFField(token: csrf)
                    Table(header: TableRow {
                        TableHeaderCell(t("Học sinh", "Student")); TableHeaderCell(t("Cuối năm", "Year"))
                        TableHeaderCell(t("Kiểm tra lại (điểm cả năm → điểm kiểm tra lại)", "Re-tests (year → re-test)"))
                        TableHeaderCell(t("Rèn luyện sau hè", "Conduct after training")); TableHeaderCell(t("Sau hè", "After summer"))
                    }) {
                        for row in summer.rows { self.row(row, page: page, editable: editable, t: t) }
                    }
                    if editable { SubmitButton(t("Lưu", "Save")) }
                }
                if page.isPrincipal && !summer.approved {
                    Form(url: path + "/approve-summer", method: .post) {
                        CSRFField(token: csrf)
                        SubmitButton(t("Duyệt kết quả sau hè (hiệu trưởng)", "Approve the summer's results (principal)"))
                    }
                }
            }
        }
    }

    private static func row(_ row: SummerSection.Row, page: ClassSemesterPage, editable: Bool, t: Localizer) -> Component {
        let id = row.student.id
        let ratings = [("", "–")] + Rating.allCases.map { ($0.label, $0.label) }
        return TableRow {
            TableCell(row.student.fullName)
            TableCell(row.result.outcome?.label ?? "–")
            TableCell {
                for subject in row.result.retestSubjects {
                    let field = SummerSection.retestField(student: id, subject: subject)
                    let year = row.result.subjects.first { $0.name == subject }?.year?.description ?? "–"
                    let recorded = row.recorded?.retests[subject]?.description ?? ""
                    Div {
                        Text("\(subject): \(year) → ")
                        if editable {
                            Input(type: .text, name: field.attributeEscaped, value: (page.typed[field] ?? recorded).attributeEscaped)
                                .attribute(named: "size", value: "3")
                                .attribute(named: "aria-label", value: "\(row.student.fullName) · \(subject)".attributeEscaped)
                        } else {
                            Text(recorded.isEmpty ? "–" : recorded)
                        }
                    }
                }
            }
            TableCell {
                if row.result.outcome == .summerTraining {
                    let field = SummerSection.conductField(student: id)
                    if editable {
                        SelectField(name: field, options: ratings, selected: page.typed[field] ?? row.recorded?.conduct?.label ?? "",
                                    label: "\(row.student.fullName) · \(t("rèn luyện sau hè", "conduct after training"))")
                    } else {
                        Text(row.recorded?.conduct?.label ?? "–")
                    }
                }
            }
            TableCell(row.result.summer.map { $0.outcome?.label ?? "Chưa đủ dữ liệu" } ?? "–")
        }
    }
}
