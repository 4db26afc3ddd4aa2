import EduCore
import Plot
import Records

/// A class's semester: subjects and their gradebooks, conduct, the confirmation and approval, correction requests.
enum ClassSemesterViews {
    static func page(_ page: ClassSemesterPage, message: Bilingual?, problems: [RowProblem], error: EduError?, csrf: String?,
                     t: Localizer) -> Component {
        let path = "/classes/\(page.schoolClass.id)/semesters/\(page.semester)"
        return Div {
            H1("\(t("Lớp", "Class")) \(page.schoolClass.name) · \(t("Học kì", "Semester")) \(page.semester) · \(page.schoolClass.schoolYear)")
            Paragraph {
                Link(t("← Danh sách lớp", "← The class"), url: "/classes/\(page.schoolClass.id)")
                Text(" · ")
                Link(page.semester == 1 ? t("Học kì II →", "Semester II →") : t("← Học kì I", "← Semester I"),
                     url: "/classes/\(page.schoolClass.id)/semesters/\(3 - page.semester)")
            }
            Paragraph(t(statusText(page.status))).class(page.status == .approved ? "ok" : "")
            if let message { Paragraph(t(message)).class("ok") }
            if let error { Paragraph(t(error.message)).class("error") }
            if !problems.isEmpty {
                List(problems) { problem in
                    ListItem(t("Dòng \(problem.row), \(problem.column): \(problem.reason.vi)", "Row \(problem.row), \(problem.column): \(problem.reason.en)"))
                }.class("error")
            }
            H2(t("Các môn học", "Subjects"))
            Table(header: TableRow { TableHeaderCell(t("Môn", "Subject")); TableHeaderCell(t("Sổ điểm", "Gradebook")) }) {
                for (assignment, status) in page.subjects {
                    TableRow {
                        TableCell { Link(assignment.subject, url: "/gradebooks/\(assignment.id)/semesters/\(page.semester)") }
                        TableCell {
                            Text(t(gradebookText(status)))
                            if status == .submitted && page.status == .open && (page.isHomeroom || page.isPrincipal) {
                                Form(url: "\(path)/subjects/\(assignment.id)/reopen", method: .post) {
                                    CSRFField(token: csrf)
                                    Input(type: .text, name: "reason", isRequired: true, placeholder: t("Lý do trả lại", "Why"))
                                    SubmitButton(t("Trả lại giáo viên", "Give back to the teacher"))
                                }.class("inline")
                            }
                        }
                    }
                }
            }
            conduct(page, path: path, csrf: csrf, t: t)
            if page.primary { qualities(page, path: path, csrf: csrf, t: t) }
            if page.isHomeroom && page.status == .open {
                Form(url: path + "/confirm", method: .post) {
                    CSRFField(token: csrf)
                    SubmitButton(t("Xác nhận học kì (giáo viên chủ nhiệm)", "Confirm the semester (homeroom teacher)"))
                }
            }
            if page.isPrincipal && page.status == .confirmed {
                Form(url: path + "/approve", method: .post) {
                    CSRFField(token: csrf)
                    SubmitButton(t("Phê duyệt và khoá sổ điểm (hiệu trưởng)", "Approve and lock the gradebooks (principal)"))
                }
            }
            corrections(page, csrf: csrf, t: t)
            if let summer = page.summer { SummerViews.section(summer, page: page, path: path, csrf: csrf, t: t) }
        }
    }

    /// The homeroom teacher edits while the semester is open; everyone else reads.
    private static func conduct(_ page: ClassSemesterPage, path: String, csrf: String?, t: Localizer) -> Component {
        let editable = page.isHomeroom && page.status == .open
        let ratings = [("", "–")] + Rating.allCases.map { ($0.label, $0.label) }
        return Form(url: path + "/conduct", method: .post) {
            // Primary school gives no conduct rating (TT27): its qualities and competences follow below.
            H2(page.primary ? t("Số buổi nghỉ, nhận xét", "Absences, comments") : t("Rèn luyện, số buổi nghỉ, nhận xét", "Conduct, absences, comments"))
            CSRFField(token: csrf)
            Table(header: TableRow {
                TableHeaderCell("#"); TableHeaderCell(t("Học sinh", "Student"))
                if !page.primary { TableHeaderCell(t("Rèn luyện", "Conduct")) }
                TableHeaderCell(t("Số buổi nghỉ", "Absences")); TableHeaderCell(t("Nhận xét", "Comment"))
            }) {
                for (index, student) in page.students.enumerated() {
                    let entry = page.conduct[student.id]
                    TableRow {
                        TableCell(String(index + 1))
                        TableCell(student.fullName)
                        if editable {
                            if !page.primary {
                                TableCell {
                                    SelectField(name: "conduct_\(student.id)", options: ratings,
                                                selected: page.typed["conduct_\(student.id)"] ?? entry?.conduct?.label ?? "")
                                }
                            }
                            TableCell {
                                Input(type: .text, name: "absences_\(student.id)",
                                      value: (page.typed["absences_\(student.id)"] ?? entry?.absences.map(String.init) ?? "").attributeEscaped)
                                    .attribute(named: "size", value: "3").attribute(named: "inputmode", value: "numeric")
                                    .attribute(named: "aria-label", value: "\(student.fullName) \(t("số buổi nghỉ", "absences"))".attributeEscaped)
                            }
                            TableCell {
                                Input(type: .text, name: "comment_\(student.id)", value: (page.typed["comment_\(student.id)"] ?? entry?.comment ?? "").attributeEscaped)
                                    .attribute(named: "aria-label", value: "\(student.fullName) \(t("nhận xét", "comment"))".attributeEscaped)
                            }
                        } else {
                            if !page.primary { TableCell(entry?.conduct?.label ?? "–") }
                            TableCell(entry?.absences.map(String.init) ?? "–")
                            TableCell(entry?.comment ?? "")
                        }
                    }
                }
            }
            if editable { SubmitButton(t("Lưu", "Save")) }
        }
    }

    /// A primary class's qualities and competences at one point of the semester (the middle or the end), a column per
    /// item; the homeroom teacher edits while the semester is open, everyone else reads.
    private static func qualities(_ page: ClassSemesterPage, path: String, csrf: String?, t: Localizer) -> Component {
        let editable = page.isHomeroom && page.status == .open
        let end = page.qualityKind == .endterm
        let levels = [("", "–")] + QualityLevel.allCases.map { ($0.rawValue, $0.abbreviation) }
        return Form(url: path + "/qualities", method: .post) {
            H2(t("Phẩm chất, năng lực", "Qualities and competences") + " · " + (end ? t("cuối kì", "end of term") : t("giữa kì", "mid-term")))
            Paragraph {
                Link(end ? t("← Giữa kì", "← Mid-term") : t("Cuối kì →", "End of term →"), url: "\(path)?diem=\(end ? "gk" : "ck")")
                Text(" · " + t("T: Tốt · Đ: Đạt · C: Cần cố gắng", "T: good · Đ: satisfactory · C: needs effort"))
            }
            CSRFField(token: csrf)
            Input(type: .hidden, name: "kind", value: page.qualityKind.rawValue)
            Table(header: TableRow {
                TableHeaderCell("#"); TableHeaderCell(t("Học sinh", "Student"))
                for item in page.qualityItems { TableHeaderCell(item) }
            }) {
                for (index, student) in page.students.enumerated() {
                    TableRow {
                        TableCell(String(index + 1))
                        TableCell(student.fullName)
                        for (position, item) in page.qualityItems.enumerated() {
                            let field = ClassSemesterPage.qualityField(student: student.id, item: position)
                            let stored = page.qualities[student.id]?[item]?[page.qualityPoint]
                            if editable {
                                TableCell {
                                    SelectField(name: field, options: levels, selected: page.typed[field] ?? stored?.rawValue ?? "",
                                                label: "\(student.fullName) · \(item)")
                                }
                            } else {
                                TableCell(stored?.abbreviation ?? "–")
                            }
                        }
                    }
                }
            }
            if editable { SubmitButton(t("Lưu", "Save")) }
        }
    }

    private static func corrections(_ page: ClassSemesterPage, csrf: String?, t: Localizer) -> Component {
        Div {
            if !page.corrections.isEmpty {
                H2(t("Yêu cầu điều chỉnh điểm", "Correction requests"))
                Table(header: TableRow {
                    TableHeaderCell(t("Môn · HK", "Subject · sem.")); TableHeaderCell(t("Học sinh", "Student"))
                    TableHeaderCell(t("Cột", "Column")); TableHeaderCell(t("Cũ → mới", "Old → new")); TableHeaderCell(t("Lý do", "Reason"))
                    TableHeaderCell(t("Người yêu cầu", "Asked by")); TableHeaderCell(t("Quyết định", "Decision"))
                }) {
                    for correction in page.corrections {
                        TableRow {
                            TableCell("\(correction.subject) · HK\(correction.semester)")
                            TableCell(page.name(of: correction.studentId))
                            TableCell(GradebookSheet.Column(kind: correction.kind, position: correction.position).label)
                            TableCell("\(correction.oldValue ?? "–") → \(correction.newValue ?? "–")")
                            TableCell(correction.reason)
                            TableCell("\(correction.requestedBy), \(vietnamTime(correction.requestedAt))")
                            TableCell {
                                if correction.status == .pending && page.isPrincipal {
                                    for (decision, label) in [("approve", t("Duyệt", "Approve")), ("reject", t("Từ chối", "Reject"))] {
                                        Form(url: "/corrections/\(correction.id)/\(decision)", method: .post) {
                                            CSRFField(token: csrf)
                                            Input(type: .hidden, name: "semester", value: String(page.semester))
                                            SubmitButton(label)
                                        }.class("inline")
                                    }
                                } else {
                                    Text(t(decisionText(correction.status)) + (correction.decidedBy.map { " (\($0))" } ?? ""))
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static func statusText(_ status: ClassSemesterStatus) -> Bilingual {
        switch status {
        case .open: Bilingual(vi: "Đang mở: giáo viên bộ môn nộp sổ điểm, giáo viên chủ nhiệm ghi rèn luyện (tiểu học: phẩm chất, năng lực) rồi xác nhận.",
                              en: "Open: subject teachers submit their gradebooks, the homeroom teacher records conduct (primary: qualities and competences), then confirms.")
        case .confirmed: Bilingual(vi: "Giáo viên chủ nhiệm đã xác nhận: chờ hiệu trưởng phê duyệt.",
                                   en: "Confirmed by the homeroom teacher: waiting for the principal's approval.")
        case .approved: Bilingual(vi: "Hiệu trưởng đã phê duyệt: sổ điểm đã khoá.", en: "Approved by the principal: the gradebooks are locked.")
        }
    }

    private static func gradebookText(_ status: GradebookStatus) -> Bilingual {
        switch status {
        case .open: Bilingual(vi: "Đang nhập", en: "Open")
        case .submitted: Bilingual(vi: "Đã nộp", en: "Submitted")
        case .locked: Bilingual(vi: "Đã khoá", en: "Locked")
        }
    }

    private static func decisionText(_ status: MarkCorrection.Status) -> Bilingual {
        switch status {
        case .pending: Bilingual(vi: "Chờ hiệu trưởng", en: "Waiting for the principal")
        case .approved: Bilingual(vi: "Đã duyệt", en: "Approved")
        case .rejected: Bilingual(vi: "Đã từ chối", en: "Rejected")
        }
    }
}
