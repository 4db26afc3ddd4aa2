import Credentials
import EduCore
import Plot

/// Employers' lookup keys: each with its quota, today's use and state; a new key's secret, once; the forms.
enum VerifierKeyViews {
    struct Page: Component {
        let keys: [VerifierKeyStore.Key]
        let used: [Int: Int]
        let secret: (id: Int, secret: String)?
        let manages: Bool
        let csrf: String?
        let message: Bilingual?
        let error: Bilingual?
        let t: Localizer

        var body: Component {
            Div {
                H1(t("Khoá tra cứu văn bằng cho cơ quan, doanh nghiệp", "Lookup keys for employers"))
                CredentialsMenu(current: "/credentials/keys", t: t)
                Paragraph(t("Khoá cho phép tra cứu qua API (POST /api/v1/credentials/lookup, tiêu đề Authorization: Bearer) theo hạn mức mỗi ngày.",
                            "A key lets an organisation look credentials up through the API (POST /api/v1/credentials/lookup, Authorization: Bearer) within its daily quota."))
                Notices(message: message, error: error, t: t)
                if let secret {
                    Paragraph(t("Khoá số \(secret.id): ", "Key \(secret.id): ") + secret.secret).class("ok")
                    Paragraph(t("Khoá chỉ hiện một lần: hãy chuyển ngay cho tổ chức qua kênh an toàn.",
                                "The key is shown only once: hand it to the organisation now, by a safe channel.")).class("warn")
                }
                Table(header: TableRow {
                    TableHeaderCell(t("Số", "No.")); TableHeaderCell(t("Tổ chức", "Organisation")); TableHeaderCell(t("Hôm nay / hạn mức", "Today / quota"))
                    TableHeaderCell(t("Tạo lúc", "Created")); TableHeaderCell(t("Tình trạng", "State"))
                }) {
                    for key in keys {
                        TableRow {
                            TableCell(String(key.id)); TableCell(key.organisation); TableCell("\(used[key.id] ?? 0) / \(key.dailyQuota)")
                            TableCell(vietnamTime(key.createdAt))
                            TableCell {
                                if let revoked = key.revokedAt {
                                    Text(t("Đã thu hồi ", "Revoked ") + vietnamTime(revoked))
                                } else {
                                    Text(t("Đang dùng", "In use"))
                                    if manages {
                                        Form(url: "/credentials/keys/\(key.id)/revoke", method: .post) {
                                            CSRFField(token: csrf)
                                            SubmitButton(t("Thu hồi", "Revoke"))
                                        }.class("inline")
                                    }
                                }
                            }
                        }
                    }
                }
                if manages {
                    H2(t("Tạo khoá", "New key"))
                    Form(url: "/credentials/keys", method: .post) {
                        CSRFField(token: csrf)
                        Label(t("Tổ chức", "Organisation")) { TextField(name: "organisation", isRequired: true) }
                        Label(t("Số lượt tra cứu mỗi ngày", "Lookups a day")) {
                            Input(type: .number, name: "daily", value: "1000", isRequired: true).attribute(named: "min", value: "1")
                        }
                        SubmitButton(t("Tạo khoá", "Create the key"))
                    }
                }
            }
        }
    }
}
