import Access
import EduCore
import Plot
import Records
import Registry

/// The families' pages: signing in with a code, the children, and one child's own record.
enum FamilyViews {
    static func phoneForm(problem: Bilingual?, available: Bool, t: Localizer) -> Component {
        Div {
            H1(t("Phụ huynh, học sinh đăng nhập", "Families: sign in"))
            if !available {
                Paragraph(t("Đăng nhập bằng mã gửi qua tin nhắn chưa được bật trên máy chủ này.",
                            "Signing in with a text-message code is not enabled on this server.")).class("error")
            } else {
                Paragraph(t("Nhập số điện thoại của cha mẹ hoặc người giám hộ mà nhà trường đã ghi nhận. Một mã gồm 6 chữ số sẽ được gửi "
                            + "qua tin nhắn; mã dùng được một lần, trong 5 phút.",
                            "Enter the parent's or guardian's phone number the school has on record. A 6-digit code is sent by text "
                            + "message; it works once, for 5 minutes."))
                if let problem { Paragraph(t(problem)).class("error") }
                Form(url: "/gia-dinh/ma", method: .post) {
                    Label(t("Số điện thoại", "Phone number")) {
                        Input(type: .tel, name: "phone", isRequired: true).attribute(named: "autocomplete", value: "tel")
                    }
                    SubmitButton(t("Gửi mã", "Send the code"))
                }
            }
        }
    }

    static func codeForm(phone: PhoneNumber?, failed: Bool, t: Localizer) -> Component {
        Div {
            H1(t("Nhập mã đăng nhập", "Enter the sign-in code"))
            if let phone { Paragraph(t("Đã gửi mã tới \(phone.masked).", "A code was sent to \(phone.masked).")) }
            if failed {
                Paragraph(t("Mã không đúng, đã hết hạn hoặc đã dùng. Hãy nhập lại, hoặc xin mã mới.",
                            "The code is wrong, expired or used. Try again, or ask for a new one.")).class("error")
            }
            Form(url: "/gia-dinh/dang-nhap", method: .post) {
                Label(t("Mã 6 chữ số", "6-digit code")) {
                    Input(type: .text, name: "code", isRequired: true)
                        .attribute(named: "inputmode", value: "numeric").attribute(named: "autocomplete", value: "one-time-code")
                }
                SubmitButton(t("Đăng nhập", "Sign in"))
            }
            Paragraph { Link(t("Xin mã mới", "Ask for a new code"), url: "/gia-dinh") }
        }
    }

    static func home(_ children: [FamilyRegistry.Child], session: FamilyAccountStore.Session, t: Localizer) -> Component {
        Div {
            H1(t("Con của tôi", "My children"))
            signOut(session, t: t)
            Paragraph { Link(t("Tuyển sinh đầu cấp: nộp và theo dõi hồ sơ", "Entry admissions: apply and follow applications"), url: "/gia-dinh/tuyen-sinh") }
            if children.isEmpty {
                Paragraph(t("Không có học sinh nào mà nhà trường ghi số điện thoại \(session.account.phone.masked) là của cha mẹ hoặc "
                            + "người giám hộ. Hãy liên hệ giáo viên chủ nhiệm để cập nhật.",
                            "No student has \(session.account.phone.masked) on record as a parent's or guardian's phone. "
                            + "Ask the homeroom teacher to update it."))
            } else {
                List(children) { child in
                    ListItem {
                        Link(child.fullName, url: "/gia-dinh/con/\(child.id)")
                        Text(" – \(child.className.map { t("lớp \($0), ", "class \($0), ") } ?? "")\(child.schoolName)"
                             + (child.schoolYear.map { t(", năm học \($0)", ", school year \($0)") } ?? ""))
                    }
                }
            }
        }
    }

    static func child(_ child: FamilyRegistry.Child, year: OwnYear?, primaryYear: OwnPrimaryYear?, historic: [HistoricResult], signed: [HocBaVersion],
                      inProgress: [HocBaVersion], session: FamilyAccountStore.Session, t: Localizer) -> Component {
        Div {
            H1(child.fullName)
            signOut(session, t: t)
            Paragraph(t("Ngày sinh \(child.dateOfBirth); \(child.schoolName)", "Born \(child.dateOfBirth); \(child.schoolName)")
                      + (child.className.map { t(", lớp \($0)", ", class \($0)") } ?? "")
                      + (child.schoolYear.map { t(", năm học \($0)", ", school year \($0)") } ?? ""))
            if let year { results(year, t: t) }
            if let primaryYear { primaryResults(primaryYear, t: t) }
            HistoricResultsTable(results: historic, t: t)
            H2(t("Học bạ số", "Digital school records"))
            if signed.isEmpty && inProgress.isEmpty { Paragraph(t("Chưa có học bạ số.", "No digital school record yet.")) }
            List {
                for document in signed {
                    ListItem {
                        Link(t("Năm học \(document.schoolYear), phiên bản \(document.version): đã ký đủ, tải về (PDF)",
                               "School year \(document.schoolYear), version \(document.version): fully signed, download (PDF)"),
                             url: "/gia-dinh/con/\(child.id)/hoc-ba/\(document.id)")
                    }
                }
                for document in inProgress {
                    ListItem(t("Năm học \(document.schoolYear), phiên bản \(document.version): nhà trường đang ký "
                               + "(\(document.signatures)/\(HocBaSigner.allCases.count))",
                               "School year \(document.schoolYear), version \(document.version): being signed by the school "
                               + "(\(document.signatures) of \(HocBaSigner.allCases.count))"))
                }
            }
        }
    }

    /// The child's own results; a semester the principal has not approved says so instead of showing work in progress.
    private static func results(_ own: OwnYear, t: Localizer) -> Component {
        let result = own.result
        let pending = t("Chưa duyệt", "Not approved yet")
        let missing = t("Chưa đủ dữ liệu", "Not enough data")
        func semester(_ index: Int, _ text: String?) -> String { own.approved[index] ? text ?? missing : pending }
        func year(_ text: String?) -> String { own.approved.allSatisfy { $0 } ? text ?? missing : pending }
        return Div {
            H2(t("Kết quả học tập và rèn luyện", "Learning and conduct"))
            Table(header: TableRow {
                TableHeaderCell(t("Môn học", "Subject")); TableHeaderCell(t("Học kỳ I", "Semester I"))
                TableHeaderCell(t("Học kỳ II", "Semester II")); TableHeaderCell(t("Cả năm", "Year"))
            }) {
                for subject in result.subjects {
                    TableRow {
                        TableCell(subject.name)
                        TableCell(semester(0, subject.semesters[0]?.description))
                        TableCell(semester(1, subject.semesters[1]?.description))
                        TableCell(year(subject.year?.description))
                    }
                }
                HeadedRow(t("Kết quả học tập", "Learning")) {
                    TableCell(semester(0, result.learning[0]?.label)); TableCell(semester(1, result.learning[1]?.label))
                    TableCell(year(result.learningYear?.label))
                }
                HeadedRow(t("Kết quả rèn luyện", "Conduct")) {
                    TableCell(semester(0, own.year.conduct[0]?.label)); TableCell(semester(1, own.year.conduct[1]?.label))
                    TableCell(year(result.conductYear?.label))
                }
            }
            Table {
                HeadedRow(t("Số buổi nghỉ", "Days absent")) { TableCell(year(own.year.absences.map(String.init))) }
                HeadedRow(t("Kết quả cả năm", "Outcome")) { TableCell(year(result.outcome?.label)) }
                if let summer = result.summer {
                    HeadedRow(t("Sau kiểm tra lại, rèn luyện hè", "After summer re-tests and training")) {
                        TableCell(summer.outcome?.label ?? "Chưa đủ dữ liệu")
                    }
                }
                if own.approved.allSatisfy({ $0 }), let award = result.award {
                    HeadedRow(t("Khen thưởng", "Award")) { TableCell(award.label) }
                }
            }
        }
    }

    /// A primary child's own year (TT27): each subject's level and test score at the four assessments, the qualities
    /// and competences at the end of each semester, and the year's result once both semesters are approved.
    private static func primaryResults(_ own: OwnPrimaryYear, t: Localizer) -> Component {
        let pending = t("Chưa duyệt", "Not approved yet")
        let points = [t("Giữa HK I", "Mid sem. I"), t("Cuối HK I", "End sem. I"), t("Giữa HK II", "Mid sem. II"), t("Cuối năm", "End of year")]
        func cell(_ point: Int, _ text: String?) -> String { own.approved[point / 2] ? text ?? "–" : pending }
        return Div {
            H2(t("Kết quả giáo dục", "Assessment"))
            Paragraph(t("T: Hoàn thành tốt · H: Hoàn thành · C: Chưa hoàn thành; trong ngoặc: điểm bài kiểm tra định kì.",
                        "T: completed well · H: completed · C: not completed; in brackets: the periodic test score."))
            Table(header: TableRow {
                TableHeaderCell(t("Môn học, hoạt động", "Subject, activity"))
                for point in points { TableHeaderCell(point) }
            }) {
                for subject in own.result.subjects {
                    TableRow {
                        TableCell(subject.name)
                        for point in AssessmentPoint.allCases.map(\.rawValue) {
                            let level = subject.levels[point]?.rawValue
                            TableCell(cell(point, level.map { level in subject.tests[point].map { "\(level) (\($0))" } ?? level }))
                        }
                    }
                }
            }
            Table(header: TableRow {
                TableHeaderCell(t("Phẩm chất, năng lực", "Qualities, competences"))
                TableHeaderCell(points[1]); TableHeaderCell(points[3])
            }) {
                for quality in own.result.qualities {
                    TableRow {
                        TableCell(quality.name)
                        for point in [AssessmentPoint.endFirst, .endOfYear].map(\.rawValue) { TableCell(cell(point, quality.levels[point]?.rawValue)) }
                    }
                }
            }
            Table {
                HeadedRow(t("Đánh giá cuối năm", "End-of-year result")) {
                    TableCell(own.approved.allSatisfy { $0 } ? own.result.result?.label ?? t("Chưa đủ dữ liệu", "Not enough data") : pending)
                }
                if own.approved.allSatisfy({ $0 }) {
                    HeadedRow(t("Hoàn thành chương trình", "Programme")) { TableCell(own.result.outcome) }
                    if let award = own.result.result?.award { HeadedRow(t("Khen thưởng", "Award")) { TableCell(award) } }
                }
            }
        }
    }

    private static func signOut(_ session: FamilyAccountStore.Session, t: Localizer) -> Component {
        Form(url: "/gia-dinh/dang-xuat", method: .post) {
            Input(type: .hidden, name: "csrf", value: session.csrfToken)
            SubmitButton(t("Đăng xuất", "Sign out") + " (\(session.account.phone.masked))")
        }.class("inline")
    }
}
