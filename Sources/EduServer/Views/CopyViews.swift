import Credentials
import EduCore
import Foundation
import Plot

/// The certified-copy pages: the public request form and status page, and staff's queue and decision page.
enum CopyViews {
    static func form(problem: Bilingual?, t: Localizer) -> Component {
        Div {
            H1(t("Yêu cầu cấp bản sao từ sổ gốc", "Request a copy from the register"))
            Paragraph(t("Bản sao từ sổ gốc có giá trị thay cho bản chính văn bằng (Nghị định 23/2015/NĐ-CP). Hạn trả: trong ngày làm việc, "
                        + "hoặc ngày làm việc tiếp theo nếu yêu cầu đến sau 15 giờ.",
                        "A copy from the register stands in for the original diploma (Decree 23/2015). It is due the same working day, "
                        + "or the next working day when the request arrives after 15:00."))
            if let problem { Paragraph(t(problem)).class("error") }
            Form(url: "/ban-sao", method: .post) {
                H2(t("Văn bằng", "The credential"))
                Label(t("Số hiệu văn bằng", "Serial on the diploma")) { Input(type: .text, name: "serial", isRequired: true) }
                Label(t("Họ và tên người được cấp", "Holder's full name")) { Input(type: .text, name: "holder_name", isRequired: true) }
                Label(t("Ngày sinh người được cấp (dd/mm/yyyy)", "Holder's date of birth (dd/mm/yyyy)")) {
                    Input(type: .text, name: "holder_birth", isRequired: true)
                }
                H2(t("Người yêu cầu", "Who asks"))
                Label(t("Là", "As")) { SelectField(name: "requester", options: CopyRequester.allCases.map { ($0.rawValue, t($0.label)) }) }
                Label(t("Họ và tên người yêu cầu", "Requester's full name")) { Input(type: .text, name: "requester_name", isRequired: true) }
                Label(t("Số CCCD, căn cước hoặc hộ chiếu", "Identity card or passport number")) {
                    Input(type: .text, name: "identity_document", isRequired: true)
                }
                Label(t("Số điện thoại hoặc thư điện tử", "Phone or e-mail")) { Input(type: .text, name: "contact", isRequired: true) }
                Label(t("Giấy uỷ quyền hoặc quan hệ với người được cấp (người đại diện, thân nhân)",
                        "Authorisation, or the family tie to the holder (representatives, relatives)")) { Input(type: .text, name: "note") }
                SubmitButton(t("Gửi yêu cầu", "Send the request"))
            }
        }
    }

    /// `standing`: for an issued copy, the credential's state in the register now (a copy's QR code leads here).
    static func status(_ request: CopyRequest, standing: EntryStatus?, t: Localizer) -> Component {
        Div {
            H1(t("Yêu cầu cấp bản sao \(request.code)", "Copy request \(request.code)"))
            Paragraph(t("Giữ mã này để theo dõi yêu cầu và tải bản sao.", "Keep this code to follow the request and download the copy."))
            Table {
                row(t("Văn bằng", "Credential"), "\(request.serial), \(request.holderName)")
                row(t("Người yêu cầu", "Requester"), "\(request.requesterName) (\(t(request.requester.label)))")
                row(t("Tiếp nhận", "Received"), vietnamTime(request.receivedAt))
                row(t("Hạn trả kết quả", "Due"), request.deadline.vietnamese)
                row(t("Tình trạng", "Status"), t(request.status.label) + (request.refusal.map { ": \($0)" } ?? ""))
                if let standing { row(t("Văn bằng trong sổ gốc hiện nay", "The credential in the register now"), t(standing.label)) }
            }
            if standing != nil {
                Paragraph { Link(t("Tra cứu văn bằng này", "Look this credential up"), url: "/credentials/\(request.serial.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? request.serial)") }
            }
            if request.status == .issued {
                Paragraph { Link(t("Tải bản sao điện tử có chữ ký số (PDF)", "Download the digitally signed copy (PDF)"),
                                 url: "/ban-sao/\(request.code)/ban-sao.pdf") }
            }
        }
    }

    static func queue(waiting: [CopyRequest], decided: [CopyRequest], today: CalendarDate, t: Localizer) -> Component {
        Div {
            H1(t("Yêu cầu cấp bản sao từ sổ gốc", "Requests for copies from the register"))
            CredentialsMenu(current: "/credentials/copies", t: t)
            H2(t("Đang chờ (\(waiting.count)), hạn gần nhất trước", "Waiting (\(waiting.count)), nearest deadline first"))
            table(waiting, today: today, t: t)
            if !decided.isEmpty {
                H2(t("Đã giải quyết gần đây", "Decided recently"))
                table(decided, today: today, t: t)
            }
        }
    }

    private static func table(_ requests: [CopyRequest], today: CalendarDate, t: Localizer) -> Component {
        Table(header: TableRow {
            Text(t("Mã", "Code")); Text(t("Văn bằng", "Credential")); Text(t("Người yêu cầu", "Requester"))
            Text(t("Hạn trả", "Due")); Text(t("Tình trạng", "Status"))
        }) {
            for request in requests {
                TableRow {
                    TableCell { Link(request.code, url: "/credentials/copies/\(request.id)") }
                    TableCell("\(request.serial), \(request.holderName)")
                    TableCell("\(request.requesterName) (\(t(request.requester.label)))")
                    TableCell(request.deadline.vietnamese + (request.isOverdue(on: today) ? t(" – quá hạn", " – overdue") : ""))
                        .class(request.isOverdue(on: today) ? "error" : request.deadline == today && request.status == .received ? "warn" : "")
                    TableCell(t(request.status.label))
                }
            }
        }
    }

    /// `checked`: the entry was checked against the paper register (a copy is issued only then).
    static func request(_ request: CopyRequest, particulars: (identityDocument: String, contact: String, note: String), seals: [String],
                        checked: Bool, csrf: String?, t: Localizer) -> Component {
        Div {
            status(request, standing: nil, t: t)
            H2(t("Giấy tờ người yêu cầu xuất trình", "What the requester shows"))
            Table {
                row(t("Số giấy tờ tùy thân", "Identity document"), particulars.identityDocument)
                row(t("Liên hệ", "Contact"), particulars.contact)
                row(t("Uỷ quyền hoặc quan hệ", "Authorisation or family tie"), particulars.note)
            }
            H2(t("Trang sổ gốc", "The register page"))
            if let scan = request.pageScan {
                PageScanView(scan: scan, t: t)
            } else {
                Paragraph(t("Văn bằng này chưa có ảnh trang sổ gốc: đối chiếu với sổ giấy trước khi cấp.",
                            "No scan of the register page is attached to this entry: check the paper register before issuing."))
            }
            if request.status == .received && !checked {
                Paragraph {
                    Text(t("Mục này chưa được đối chiếu với sổ gốc giấy: đối chiếu và ghi nhận ở ", "This entry is not yet checked against the paper register: check it and record that on "))
                    Link(t("trang văn bằng trong sổ gốc", "the entry's register page"),
                         url: "/credentials/register?q=\(request.serial.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? request.serial)")
                    Text(t(" trước khi cấp bản sao.", " before issuing the copy."))
                }.class("error")
            }
            if request.status == .received {
                Form(url: "/credentials/copies/\(request.id)/issue", method: .post) {
                    CSRFField(token: csrf)
                    Label(t("Ký bằng con dấu của cơ quan quản lý sổ gốc", "Sign with the seal of the body holding the register")) {
                        SelectField(name: "signer", options: seals.map { ($0, $0) })
                    }
                    SubmitButton(t("Cấp bản sao điện tử", "Issue the electronic copy"))
                }
                Form(url: "/credentials/copies/\(request.id)/refuse", method: .post) {
                    CSRFField(token: csrf)
                    Label(t("Lý do từ chối (gửi cho người yêu cầu)", "Reason for refusing (sent to the requester)")) {
                        Input(type: .text, name: "reason", isRequired: true)
                    }
                    SubmitButton(t("Từ chối", "Refuse"))
                }
            }
            Paragraph { Link(t("Về danh sách", "Back to the list"), url: "/credentials/copies") }
        }
    }

    static func refused(_ message: Bilingual, requestID: Int, t: Localizer) -> Component {
        Div {
            H1(t("Không thực hiện được", "Not done"))
            Paragraph(t(message)).class("error")
            Link(t("Về yêu cầu", "Back to the request"), url: "/credentials/copies/\(requestID)")
        }
    }

    static func message(_ text: Bilingual, t: Localizer) -> Component {
        Paragraph(t(text)).class("error")
    }

    private static func row(_ label: String, _ value: String) -> Component {
        HeadedRow(label) {
            TableCell(value)
        }
    }
}
