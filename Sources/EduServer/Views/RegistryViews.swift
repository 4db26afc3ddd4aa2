import EduCore
import Plot
import Records
import Registry
import Storage

/// Pages of the registry: home counts, schools, classes, students and staff.
enum RegistryViews {
    static func home(_ counts: [RegistryStore.UnitCount], t: Localizer) -> Component {
        Div {
            H1(t("Cơ sở dữ liệu ngành giáo dục", "Education sector database"))
            Paragraph {
                Link(t("Đơn vị hành chính", "Administrative units"), url: "/units")
                Text(" · ")
                Link(t("Năm học", "School years"), url: "/school-years")
            }
            Table(header: TableRow {
                TableHeaderCell(t("Đơn vị quản lý", "Managing unit"))
                TableHeaderCell(t("Số trường", "Schools"))
                TableHeaderCell(t("Học sinh đang học", "Students studying"))
                TableHeaderCell(t("Cán bộ, giáo viên đang công tác", "Staff at work"))
            }) {
                for count in counts {
                    TableRow {
                        TableCell(Link(count.unitName, url: "/schools?unit=\(count.unitId)"))
                        TableCell(String(count.schools))
                        TableCell(String(count.students))
                        TableCell(String(count.staff))
                    }
                }
            }
        }
    }

    static func schools(_ schools: [RegistryStore.School], next: String?, t: Localizer) -> Component {
        Div {
            H1(t("Trường học", "Schools"))
            Table(header: TableRow {
                TableHeaderCell(t("Mã", "Code")); TableHeaderCell(t("Tên trường", "Name"))
                TableHeaderCell(t("Cấp học", "Levels")); TableHeaderCell(t("Loại hình", "Ownership"))
            }) {
                for school in schools {
                    TableRow {
                        TableCell(school.code)
                        TableCell(Link(school.name, url: "/schools/\(school.id)"))
                        TableCell(levels(school.levels, t))
                        TableCell(school.ownership == "public" ? t("Công lập", "Public") : t("Tư thục", "Private"))
                    }
                }
            }
            if let next { Paragraph(Link(t("Trang sau →", "Next page →"), url: next)) }
        }
    }

    static func school(_ school: RegistryStore.School, classes: [RegistryStore.SchoolClass],
                       staff: [RegistryStore.StaffSummary], t: Localizer) -> Component {
        Div {
            H1(school.name)
            Paragraph("\(t("Mã trường", "School code")): \(school.code) · \(levels(school.levels, t)) · \(school.address)")
            H2(t("Lớp", "Classes"))
            Table(header: TableRow {
                TableHeaderCell(t("Năm học", "School year")); TableHeaderCell(t("Khối", "Grade")); TableHeaderCell(t("Lớp", "Class"))
            }) {
                for item in classes {
                    TableRow {
                        TableCell(item.schoolYear); TableCell(String(item.grade))
                        TableCell(Link(item.name, url: "/classes/\(item.id)"))
                    }
                }
            }
            if !staff.isEmpty {
                H2(t("Cán bộ, giáo viên", "Staff"))
                Table(header: TableRow {
                    TableHeaderCell(t("Mã", "Code")); TableHeaderCell(t("Họ và tên", "Name")); TableHeaderCell(t("Chức vụ", "Position"))
                    TableHeaderCell(t("Trạng thái", "Status"))
                }) {
                    for person in staff {
                        TableRow {
                            TableCell(person.staffCode ?? ""); TableCell(Link(person.fullName, url: "/staff/\(person.id)"))
                            TableCell(person.position); TableCell(statusLabel(person.status, as: StaffStatus.self, t))
                        }
                    }
                }
            }
        }
    }

    static func studentTable(_ students: [RegistryStore.StudentSummary], t: Localizer) -> Component {
        Table(header: TableRow {
            TableHeaderCell(t("Mã HS", "Student code")); TableHeaderCell(t("Họ và tên", "Name"))
            TableHeaderCell(t("Ngày sinh", "Date of birth")); TableHeaderCell(t("Giới tính", "Gender"))
            TableHeaderCell(t("Trạng thái", "Status"))
        }) {
            for student in students {
                TableRow {
                    TableCell(student.studentCode ?? "")
                    TableCell(Link(student.fullName, url: "/students/\(student.id)"))
                    TableCell(CalendarDate(iso: student.dateOfBirth)?.vietnamese ?? student.dateOfBirth)
                    TableCell(gender(student.gender, t))
                    TableCell(statusLabel(student.status, as: StudentStatus.self, t))
                }
            }
        }
    }

    static func schoolClass(_ item: RegistryStore.SchoolClass, students: [RegistryStore.StudentSummary], next: String?,
                            t: Localizer) -> Component {
        Div {
            H1("\(t("Lớp", "Class")) \(item.name) · \(item.schoolYear)")
            Paragraph {
                Text(t("Sổ điểm, rèn luyện: ", "Gradebooks and conduct: "))
                Link(t("Học kì I", "Semester I"), url: "/classes/\(item.id)/semesters/1")
                Text(" · ")
                Link(t("Học kì II", "Semester II"), url: "/classes/\(item.id)/semesters/2")
                Text(" · ")
                Link(t("Học bạ số", "Digital school records"), url: "/classes/\(item.id)/hoc-ba")
            }
            studentTable(students, t: t)
            if let next { Paragraph(Link(t("Trang sau →", "Next page →"), url: next)) }
        }
    }

    /// Search is a POST form: a personal ID typed here never lands in a URL or a log.
    /// `more`: the search found more than `results`; the reader is asked to narrow it.
    static func search(query: String, results: [RegistryStore.StudentSummary]?, more: Bool = false, csrf: String?, t: Localizer) -> Component {
        Div {
            H1(t("Tìm học sinh", "Find students"))
            Form(url: "/students", method: .post) {
                CSRFField(token: csrf)
                Label(t("Họ tên (không cần dấu), mã học sinh hoặc số định danh", "Name (accents optional), student code or personal ID")) {
                    Input(type: .search, name: "q", value: query.attributeEscaped, isRequired: true)
                }
                SubmitButton(t("Tìm", "Search"))
            }
            if let results {
                Paragraph(more ? t("\(results.count) kết quả đầu tiên; còn nữa: hãy gõ thêm họ tên hoặc tìm theo mã, số định danh",
                                   "The first \(results.count) results; there are more: type more of the name, or search by code or personal ID")
                               : t("\(results.count) kết quả", "\(results.count) results"))
                studentTable(results, t: t)
            }
        }
    }

    private static func mergedNotice(_ main: Component, t: Localizer) -> Component {
        Paragraph {
            Text(t("Hồ sơ này đã được gộp vào ", "This record has been merged into "))
            main
            Text(".")
        }.class("warn")
    }

    /// `mergedInto`: the record this one was merged into as the same person, if any.
    /// `guardianForm`, `statusForm`: for one who may change the student, the forms that add and remove guardians and
    /// that set the status.
    static func student(_ detail: RegistryStore.StudentDetail, mergedInto: Int?, historic: [HistoricResult], transferred: [TransferredHocBa],
                        guardianForm: GuardianForm?, statusForm: StatusForm?, t: Localizer) -> Component {
        let s = detail.summary
        return Div {
            H1(s.fullName)
            if let mergedInto {
                mergedNotice(Link(t("hồ sơ chính của học sinh", "the student's main record"), url: "/students/\(mergedInto)"), t: t)
            }
            Table {
                row(t("Mã học sinh", "Student code"), s.studentCode ?? "")
                row(t("Số định danh", "Personal ID"), detail.nationalID ?? t("(chưa có)", "(none)"))
                row(t("Ngày sinh", "Date of birth"), CalendarDate(iso: s.dateOfBirth)?.vietnamese ?? s.dateOfBirth)
                row(t("Giới tính", "Gender"), gender(s.gender, t))
                row(t("Trạng thái", "Status"), statusLabel(s.status, as: StudentStatus.self, t))
                row(t("Dân tộc", "Ethnicity"), detail.ethnicity)
                row(t("Nơi sinh", "Birthplace"), detail.birthplace)
                row(t("Địa chỉ", "Address"), detail.address)
                row(t("Phụ huynh", "Guardian"), "\(detail.guardianName) \(detail.guardianPhone)")
                for guardian in detail.guardians {
                    row(t("Người giám hộ khác", "Other guardian"), "\(guardian.fullName) (\(guardian.relationship)) \(guardian.phone)")
                }
            }
            if let statusForm {
                statusForm.panel(action: "/students/\(s.id)/status", stored: s.status, as: StudentStatus.self, t: t)
            }
            if let guardianForm { guardianForm.panel(studentID: s.id, guardians: detail.guardians, t: t) }
            HistoricResultsTable(results: historic, t: t)
            TransferredHocBaTable(studentID: s.id, records: transferred, t: t)
            H2(t("Quá trình học", "Enrolment history"))
            Table(header: TableRow {
                TableHeaderCell(t("Năm học", "School year")); TableHeaderCell(t("Trường", "School"))
                TableHeaderCell(t("Khối", "Grade")); TableHeaderCell(t("Lớp", "Class"))
            }) {
                for enrolment in detail.enrolments {
                    TableRow {
                        TableCell(enrolment.schoolYear); TableCell(enrolment.schoolName); TableCell(enrolment.grade.map(String.init) ?? "")
                        TableCell(enrolment.className ?? "")
                    }
                }
            }
        }
    }

    /// `mergedInto`: the record this one was merged into as the same person, if any.
    /// `statusForm`: for one who may change the staff member.
    static func staff(_ detail: RegistryStore.StaffDetail, mergedInto: Int?, statusForm: StatusForm?, t: Localizer) -> Component {
        let s = detail.summary
        return Div {
            H1(s.fullName)
            if let mergedInto {
                mergedNotice(Link(t("hồ sơ chính của cán bộ", "the staff member's main record"), url: "/staff/\(mergedInto)"), t: t)
            }
            Table {
                row(t("Mã cán bộ", "Staff code"), s.staffCode ?? "")
                row(t("Số định danh", "Personal ID"), detail.nationalID ?? t("(chưa có)", "(none)"))
                row(t("Ngày sinh", "Date of birth"), CalendarDate(iso: s.dateOfBirth)?.vietnamese ?? s.dateOfBirth)
                row(t("Giới tính", "Gender"), gender(s.gender, t))
                row(t("Chức vụ", "Position"), s.position)
                row(t("Môn dạy", "Subjects"), s.subjects)
                row(t("Trình độ", "Qualification"), s.qualification)
                row(t("Trạng thái", "Status"), statusLabel(s.status, as: StaffStatus.self, t))
            }
            if let statusForm {
                statusForm.panel(action: "/staff/\(s.id)/status", stored: s.status, as: StaffStatus.self, t: t)
            }
        }
    }

    private static func row(_ label: String, _ value: String) -> Component {
        HeadedRow(label) { TableCell(value) }
    }

    private static func levels(_ text: String, _ t: Localizer) -> String {
        text.split(separator: ";").compactMap { SchoolLevel(rawValue: String($0)).map { t($0.label) } }.joined(separator: ", ")
    }

    static func gender(_ raw: String, _ t: Localizer) -> String {
        Gender(rawValue: raw).map { $0 == .male ? t("Nam", "Male") : t("Nữ", "Female") } ?? raw
    }
}

/// The guardian forms on a student's page, and why the last one submitted was refused.
struct GuardianForm {
    let csrf: String?
    let problems: [RowProblem]

    func panel(studentID: Int, guardians: [Guardian], t: Localizer) -> Component {
        Div {
            H2(t("Người giám hộ", "Guardians"))
            if !guardians.isEmpty {
                List(guardians) { guardian in
                    ListItem {
                        Text("\(guardian.fullName) ")
                        Form(url: "/students/\(studentID)/guardians/\(guardian.id)/remove", method: .post) {
                            CSRFField(token: csrf)
                            SubmitButton(t("Xoá", "Remove")).attribute(named: "aria-label", value: t("Xoá \(guardian.fullName)", "Remove \(guardian.fullName)").attributeEscaped)
                        }.class("inline")
                    }
                }
            }
            if !problems.isEmpty {
                Paragraph(t("Chưa thêm người giám hộ:", "The guardian was not added:")).class("error")
                ImportViews.problemTable(problems, t: t)
            }
            Form(url: "/students/\(studentID)/guardians", method: .post) {
                CSRFField(token: csrf)
                Label(t("Họ và tên", "Full name")) { Input(type: .text, name: "full_name", isRequired: true) }
                Label(t("Số điện thoại", "Phone")) { Input(type: .tel, name: "phone", isRequired: true) }
                Label(t("Quan hệ với học sinh (bố, mẹ, ông, bà…)", "Relationship (father, mother, grandparent…)")) {
                    Input(type: .text, name: "relationship")
                }
                SubmitButton(t("Thêm người giám hộ", "Add a guardian"))
            }
        }
    }
}
