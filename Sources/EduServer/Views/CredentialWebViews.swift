import Credentials
import EduCore
import Plot
import Signing

/// The public diploma page: the lookup form, the digital-credential check, and their answers.
enum CredentialWebViews {
    enum Standing { case entry(EntryStatus), notIssued }

    static func forms(serial: String, problem: Bilingual? = nil, t: Localizer) -> Component {
        Div {
            H1(t("Tra cứu, xác minh văn bằng", "Look up and verify a diploma"))
            if let problem { Paragraph(t(problem)).class("error") }
            Form(url: "/van-bang/tra-cuu", method: .post) {
                H2(t("Tra cứu trong sổ gốc", "Look up in the register"))
                Paragraph(t("Cần cả ba thông tin. Kết quả chỉ gồm họ tên, ngày sinh, loại văn bằng, năm tốt nghiệp, đơn vị cấp và tình trạng.",
                            "All three are needed. The answer shows only the name, date of birth, kind, year, issuing body and status."))
                Label(t("Số hiệu văn bằng", "Serial on the diploma")) { Input(type: .text, name: "serial", value: serial.attributeEscaped, isRequired: true) }
                Label(t("Họ và tên", "Full name")) { Input(type: .text, name: "full_name", isRequired: true) }
                Label(t("Ngày sinh (dd/mm/yyyy)", "Date of birth (dd/mm/yyyy)")) { Input(type: .text, name: "date_of_birth", isRequired: true) }
                SubmitButton(t("Tra cứu", "Look up"))
            }
            Form(url: "/van-bang/xac-minh", method: .post, contentType: .multipartData) {
                H2(t("Xác minh văn bằng số hoặc bản sao từ sổ gốc", "Verify a digital credential or a copy from the register"))
                Label(t("Dán chuỗi văn bằng số (vc+jwt), hoặc đường dẫn hay mã trên mã QR của bản sao từ sổ gốc",
                        "Paste the credential (vc+jwt), or the link or code from a copy's QR code")) { TextArea(name: "credential", numberOfRows: 4) }
                Label(t("hoặc tải tệp lên: văn bằng số (vc+jwt) hoặc bản sao PDF có chữ ký số", "or upload the file: a credential (vc+jwt) or a signed PDF copy")) {
                    Input(type: .file, name: "file")
                }
                SubmitButton(t("Xác minh", "Verify"))
            }
            Paragraph {
                Link(t("Yêu cầu cấp bản sao từ sổ gốc", "Request a copy from the register"), url: "/ban-sao")
            }
        }
    }

    static func lookupResult(_ found: PublicCredential?, t: Localizer) -> Component {
        Div {
            if let found {
                H1(t("Văn bằng có trong sổ gốc", "The credential is in the register")).class(found.status == EntryStatus.revoked.rawValue ? "error" : "ok")
                Table {
                    HeadedRow(t("Họ và tên", "Full name")) { TableCell(found.fullName) }
                    HeadedRow(t("Ngày sinh", "Date of birth")) { TableCell(CalendarDate(iso: found.dateOfBirth)?.vietnamese ?? found.dateOfBirth) }
                    HeadedRow(t("Loại văn bằng", "Kind")) { TableCell(t(found.kindLabel)) }
                    HeadedRow(t("Năm tốt nghiệp", "Year")) { TableCell(String(found.graduationYear)) }
                    HeadedRow(t("Đơn vị cấp", "Issued by")) { TableCell(found.issuedBy) }
                    HeadedRow(t("Tình trạng", "Status")) { TableCell(t(found.statusLabel)) }
                }
            } else {
                H1(t("Không tìm thấy văn bằng khớp với các thông tin đã nhập", "No credential matches the details given")).class("error")
                Paragraph(t("Hãy kiểm tra số hiệu, họ tên và ngày sinh đúng như trên văn bằng.",
                            "Check the serial, name and date of birth exactly as on the diploma."))
            }
            Link(t("Tra cứu khác", "Another lookup"), url: "/van-bang")
        }
    }

    static func check(_ claims: CredentialClaims, report: SignatureReport, standing: Standing, t: Localizer) -> Component {
        let stands: Bool = if case .entry(let status) = standing { status != .revoked } else { false }
        let good = report.isTrusted && stands
        return Div {
            H1(good ? t("Văn bằng số hợp lệ", "A valid digital credential") : t("Văn bằng số không hợp lệ", "Not a valid digital credential"))
                .class(good ? "ok" : "error")
            Table {
                signatureRow(report, t: t)
                HeadedRow(t("Trong sổ gốc", "In the register")) {
                    switch standing {
                    case .entry(let status): TableCell(t(status.label))
                    case .notIssued: TableCell(t("Sổ gốc không xác nhận văn bằng số này", "The register does not stand behind this credential"))
                    }
                }
                HeadedRow(t("Người được cấp", "Holder")) { TableCell(claims.holderName) }
                HeadedRow(t("Văn bằng", "Credential")) { TableCell("\(claims.achievement) · \(claims.narrative)") }
                HeadedRow(t("Số hiệu", "Serial")) { TableCell(claims.serial) }
                HeadedRow(t("Đơn vị cấp", "Issuer")) { TableCell(claims.issuerName) }
                HeadedRow(t("Hiệu lực từ", "Valid from")) { TableCell(String(claims.validFrom.prefix(10))) }
            }
            Paragraph(t("Văn bằng đã đính chính vẫn hợp lệ; nội dung mới nhất xem bằng tra cứu trong sổ gốc.",
                        "A corrected credential stays valid; look it up in the register for its latest content."))
            Link(t("Xác minh văn bằng khác", "Verify another"), url: "/van-bang")
        }
    }

    /// A signed PDF uploaded as a copy from the register: its signatures, and, only when it is byte for byte a copy this
    /// service issued, where its entry stands now.
    static func copyCheck(report: SignatureReport, copy: (request: CopyRequest, status: EntryStatus)?, t: Localizer) -> Component {
        let good = report.isTrusted && copy.map { $0.status != .revoked } == true
        return Div {
            H1(good ? t("Bản sao từ sổ gốc hợp lệ", "A valid copy from the register")
                    : t("Không xác nhận được bản sao này", "This copy cannot be confirmed"))
                .class(good ? "ok" : "error")
            Table {
                signatureRow(report, t: t)
                if let copy {
                    HeadedRow(t("Trong sổ gốc", "In the register")) { TableCell(t(copy.status.label)) }
                    HeadedRow(t("Người được cấp", "Holder")) { TableCell(copy.request.holderName) }
                    HeadedRow(t("Số hiệu", "Serial")) { TableCell(copy.request.serial) }
                    HeadedRow(t("Mã bản sao", "Copy code")) { TableCell(copy.request.code) }
                } else if report.isTrusted {
                    HeadedRow(t("Trong sổ gốc", "In the register")) {
                        TableCell(t("Không phải bản sao do hệ thống cấp, hoặc tệp đã bị thay đổi", "Not a copy issued here, or the file was changed"))
                    }
                } else {
                    HeadedRow(t("Trong sổ gốc", "In the register")) {
                        TableCell(t("Chưa hỏi sổ gốc vì chữ ký số không hợp lệ hoặc không được tin cậy (chứng thư số có thể đã hết hạn hoặc bị thu hồi)",
                                    "The register was not asked: the signature is invalid or not trusted (the certificate may have expired or been revoked)"))
                    }
                }
            }
            Link(t("Xác minh văn bằng khác", "Verify another"), url: "/van-bang")
        }
    }

    private static func signatureRow(_ report: SignatureReport, t: Localizer) -> Component {
        HeadedRow(t("Chữ ký số", "Signature")) {
            TableCell(report.isTrusted ? t("Hợp lệ, do đơn vị tin cậy ký", "Valid, by a trusted issuer")
                                       : t("Không hợp lệ hoặc không được tin cậy", "Invalid or not trusted"))
        }
    }
}
