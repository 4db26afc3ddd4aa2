import EduCore
import Plot
import Signing
import Storage

enum VerificationViews {
    static func form(t: Localizer) -> Component {
        Div {
            H1(t("Kiểm tra chữ ký số", "Verify a digital signature"))
            Paragraph(t("Tải lên tệp PDF đã ký, tệp JWS, hoặc tệp chữ ký (.p7s) kèm tài liệu đã ký, để biết tài liệu còn nguyên vẹn và ai đã ký. Tệp không được lưu lại.",
                        "Upload a signed PDF, a JWS, or a signature file (.p7s) with the signed document, to learn whether the document is intact and who signed it. Nothing is stored."))
            Form(url: "/verify", method: .post, contentType: .multipartData) {
                Label(t("Tệp đã ký (.pdf, .jws) hoặc tệp chữ ký (.p7s)", "Signed file (.pdf, .jws) or signature file (.p7s)")) { Input(type: .file, name: "signature", isRequired: true) }
                Label(t("Tài liệu đã ký (chỉ với .p7s)", "Signed document (with a .p7s only)")) { Input(type: .file, name: "content") }
                SubmitButton(t("Kiểm tra", "Verify"))
            }
        }
    }

    static func report(_ report: SignatureReport, t: Localizer) -> Component {
        Div {
            H1(report.isTrusted ? t("Chữ ký hợp lệ", "Valid signature") : t("Chữ ký không hợp lệ hoặc không được tin cậy", "Invalid or untrusted signature"))
                .class(report.isTrusted ? "ok" : "error")
            for signer in report.signers {
                Table {
                    HeadedRow(t("Kết quả", "Result")) { TableCell(t(signer.message)) }
                    HeadedRow(t("Người ký", "Signer")) { TableCell(signer.subject) }
                    HeadedRow(t("Thời điểm ký (do người ký khai)", "Signing time (as the signer states)")) {
                        TableCell(signer.signingTime.map(Timestamp.string) ?? "—")
                    }
                    if let time = signer.timestampTime {
                        HeadedRow(t("Dấu thời gian (đơn vị tin cậy)", "Time-stamp (trusted authority)")) { TableCell(Timestamp.string(time)) }
                    }
                    if let revocation = signer.revocation {
                        HeadedRow(t("Tình trạng thu hồi", "Revocation")) { TableCell(t(revocation.message)) }
                    }
                    HeadedRow(t("Chuỗi chứng thư", "Certificate chain")) { TableCell(signer.chain.joined(separator: " → ")) }
                }
            }
            Link(t("Kiểm tra tệp khác", "Verify another file"), url: "/verify")
        }
    }

    static func unreadable(_ error: EduError, t: Localizer) -> Component {
        Div {
            H1(t("Không đọc được tệp", "The file cannot be read")).class("error")
            Paragraph(t(error.message))
            Link(t("Thử lại", "Try again"), url: "/verify")
        }
    }
}
