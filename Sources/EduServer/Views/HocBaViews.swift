import Plot
import Records
import Signing

enum HocBaViews {
    static func summary(_ document: HocBaVersion, report: SignatureReport, t: Localizer) -> Component {
        let signed = document.signatures, total = HocBaSigner.allCases.count
        return Div {
            H1(t("Học bạ số", "Digital school record"))
            if !document.isCurrent {
                Paragraph(t("Đã có phiên bản mới hơn của học bạ này: bản này không còn là bản hiện hành.",
                            "A newer version of this record exists: this one is no longer current.")).class("error")
            }
            Table {
                HeadedRow(t("Học sinh", "Student")) { TableCell(document.document.studentName) }
                HeadedRow(t("Trường", "School")) { TableCell(document.document.school) }
                HeadedRow(t("Năm học", "School year")) { TableCell(document.schoolYear) }
                HeadedRow(t("Phiên bản", "Version")) { TableCell(String(document.version)) }
                HeadedRow(t("Tình trạng ký", "Signing")) {
                    TableCell(signed == total ? t("Đã ký đủ (giáo viên chủ nhiệm, hiệu trưởng, con dấu)", "Fully signed (homeroom teacher, principal, seal)")
                                              : t("Đã ký \(signed)/\(total)", "Signed \(signed) of \(total)"))
                }
                HeadedRow(t("Chữ ký số", "Digital signatures")) {
                    TableCell(signed == 0 ? t("Chưa có chữ ký", "Not signed yet")
                              : report.isTrusted ? t("Hợp lệ", "Valid") : t("Không hợp lệ hoặc không được tin cậy", "Invalid or not trusted"))
                        .class(signed > 0 && report.isTrusted ? "ok" : "error")
                }
            }
            Paragraph(t("Trang này chỉ cho biết học bạ có thật và còn nguyên vẹn; nội dung học bạ do học sinh, cha mẹ học sinh và nhà trường giữ.",
                        "This page only tells that the record exists and is intact; its content stays with the student, the family and the school."))
        }
    }

    static func missing(t: Localizer) -> Component {
        Div {
            H1(t("Không tìm thấy học bạ", "No such học bạ"))
            Paragraph(t("Mã tra cứu không đúng. Hãy kiểm tra lại mã in dưới mã QR.", "The code is wrong. Check the code printed under the QR code."))
        }
    }
}
