import EduCore
import Plot
import Records

/// A class's học bạ: each student's current version and how far signing has gone; drafting and signing forms.
enum HocBaClassViews {
    static func page(_ page: HocBaClassPage, message: Bilingual?, error: EduError?, csrf: String?, t: Localizer) -> Component {
        let path = "/classes/\(page.schoolClass.id)/hoc-ba"
        let byStudent = Dictionary(uniqueKeysWithValues: page.documents.map { ($0.studentId, $0) })
        let total = HocBaSigner.allCases.count
        return Div {
            H1("\(t("Học bạ số lớp", "Digital school records, class")) \(page.schoolClass.name) · \(page.schoolClass.schoolYear)")
            Paragraph { Link(t("← Danh sách lớp", "← The class"), url: "/classes/\(page.schoolClass.id)") }
            if let message { Paragraph(t(message)).class("ok") }
            if let error { Paragraph(t(error.message)).class("error") }
            Table(header: TableRow {
                TableHeaderCell("#"); TableHeaderCell(t("Học sinh", "Student")); TableHeaderCell(t("Phiên bản", "Version"))
                TableHeaderCell(t("Chữ ký", "Signatures")); TableHeaderCell(t("Lượt ký tiếp", "Next to sign"))
            }) {
                for (index, student) in page.students.enumerated() {
                    let document = byStudent[student.id]
                    TableRow {
                        TableCell(String(index + 1))
                        TableCell(student.fullName)
                        TableCell {
                            if let document {
                                Link("v\(document.version) (PDF)", url: "\(path)/\(document.id)")
                            } else {
                                Text(t("chưa lập", "not drafted"))
                            }
                        }
                        TableCell(document.map { "\($0.signatures)/\(total)" } ?? "–")
                        TableCell(document.map { $0.nextSigner.map { t($0.label) } ?? t("đã ký đủ", "fully signed") } ?? "–")
                    }
                }
            }
            if page.canDraft {
                Form(url: path + "/draft", method: .post) {
                    H2(t("Lập học bạ", "Draft"))
                    Paragraph(t("Lập cho học sinh chưa có học bạ năm học này (cần hiệu trưởng đã phê duyệt cả hai học kì).",
                                "Drafts for students without a học bạ this year (both semesters must be approved)."))
                    CSRFField(token: csrf)
                    Label(t("Lập phiên bản mới cho học sinh có học bạ đã thay đổi (sau khi điều chỉnh điểm) ",
                            "New versions for students whose record changed (after a correction) ")) {
                        Input(type: .checkbox, name: "newVersions", value: "1")
                    }
                    SubmitButton(t("Lập học bạ", "Draft"))
                }
                Form(url: path + "/draft", method: .post) {
                    H2(t("Học sinh chuyển trường sau học kì I", "A student moving school after semester I"))
                    Paragraph(t("Lập học bạ riêng học kì I (cần hiệu trưởng đã phê duyệt học kì I) để ký và trao cho trường mới; trường mới nhập học bạ "
                                + "này và đánh giá tiếp học kì II.",
                                "Drafts the record of semester I alone (semester I must be approved), to sign and hand to the new school, which "
                                + "imports it and assesses semester II."))
                    CSRFField(token: csrf)
                    Label(t("Học sinh", "Student")) { SelectField(name: "leaving", options: page.students.map { (String($0.id), $0.fullName) }) }
                    SubmitButton(t("Lập học bạ học kì I", "Draft the semester I record"))
                }
            }
            if !page.signers.isEmpty {
                Form(url: path + "/sign", method: .post) {
                    H2(t("Ký số", "Sign"))
                    Paragraph(t("Ký lần lượt: giáo viên chủ nhiệm, hiệu trưởng, rồi con dấu của trường, mỗi chữ ký kèm dấu thời gian. Mỗi học bạ được ký riêng; nếu bị gián đoạn, "
                                + "ký lại sẽ tiếp tục phần còn lại.",
                                "In turn: the homeroom teacher, the principal, then the school's seal, each with a time-stamp. Each document is signed on its own; "
                                + "after an interruption, signing again carries on with the rest."))
                    CSRFField(token: csrf)
                    Label(t("Ký bằng", "Sign as")) { SelectField(name: "signer", options: page.signers.map { ($0, $0) }) }
                    Label(t("Mã PIN (khoá trên thiết bị ký số)", "PIN (for a key on a token)")) { Input(type: .password, name: "pin") }
                    SubmitButton(t("Ký các học bạ đến lượt", "Sign the documents waiting for this signer"))
                }
            }
        }
    }
}
