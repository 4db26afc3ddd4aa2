import Admissions
import EduCore
import Plot

/// The public admissions pages: the published campaigns, and one campaign's cut-offs with a lookup by application code.
enum AdmissionsViews {
    static func index(_ campaigns: [Campaign], t: Localizer) -> Component {
        Div {
            H1(t("Kết quả tuyển sinh đầu cấp", "Entry admissions results"))
            if campaigns.isEmpty {
                Paragraph(t("Chưa có đợt tuyển sinh nào công bố kết quả.", "No campaign has published its results yet."))
            } else {
                List(campaigns) { campaign in
                    ListItem(Link(title(campaign, t: t), url: "/tuyen-sinh/\(campaign.id)"))
                }
            }
        }
    }

    /// "Nhận hồ sơ từ 01/06/2027 đến 10/06/2027"; open-ended sides left out.
    static func schedule(_ schedule: CampaignSchedule) -> Bilingual {
        switch (schedule.opensOn, schedule.closesOn) {
        case let (opens?, closes?): Bilingual(vi: "Nhận hồ sơ từ \(opens.vietnamese) đến \(closes.vietnamese)",
                                              en: "Applications from \(opens.vietnamese) to \(closes.vietnamese)")
        case let (opens?, nil): Bilingual(vi: "Nhận hồ sơ từ \(opens.vietnamese)", en: "Applications from \(opens.vietnamese)")
        case let (nil, closes?): Bilingual(vi: "Nhận hồ sơ đến hết \(closes.vietnamese)", en: "Applications until \(closes.vietnamese)")
        case (nil, nil): Bilingual(vi: "Chưa định ngày nhận hồ sơ", en: "No dates set for applications")
        }
    }

    static func campaign(_ campaign: Campaign, cutoffs: [PublishedCutoff], lookup: Lookup, t: Localizer) -> Component {
        Div {
            H1(title(campaign, t: t))
            H2(t("Tra cứu kết quả", "Look up a result"))
            Form(url: "/tuyen-sinh/\(campaign.id)", method: .get) {
                Label(t("Mã hồ sơ", "Application code")) { Input(type: .text, name: "ma", value: lookup.code.attributeEscaped, isRequired: true).attribute(named: "inputmode", value: "numeric") }
                SubmitButton(t("Tra cứu", "Look up"))
            }
            switch lookup {
            case .none:
                Paragraph(t("Nhập mã hồ sơ in trên phiếu đăng ký.", "Enter the application code printed on the registration slip."))
            case .notFound:
                Paragraph(t("Không có hồ sơ với mã này trong đợt tuyển sinh.", "No application with this code in the campaign.")).class("error")
            case .found(let result):
                Table {
                    TableRow { TableCell(t("Mã hồ sơ", "Application code")); TableCell(String(result.applicationID)) }
                    TableRow { TableCell(t("Học sinh", "Student")); TableCell(result.name) }
                    TableRow {
                        TableCell(t("Kết quả", "Result"))
                        TableCell(result.schoolCode.map { school in
                            result.preferenceRank.map { t("Trúng tuyển \(school), nguyện vọng \($0)", "Admitted to \(school), preference \($0)") }
                                ?? t("Trúng tuyển \(school)", "Admitted to \(school)")
                        } ?? (result.lapsed ? t("Không xác nhận nhập học đúng hạn", "Enrolment not confirmed in time")
                              : t("Không trúng tuyển", "Not admitted")))
                    }
                }
            }
            H2(t("Điểm chuẩn", "Cut-off scores"))
            Paragraph(t("Điểm chuẩn của đợt xét tuyển chính. Chỗ trả lại sau hạn xác nhận nhập học được xét tuyển bổ sung theo cùng quy tắc cho thí sinh chưa trúng tuyển.",
                        "The main round's cut-offs. Places given back after the confirmation deadline go, by the same rules, to applicants placed nowhere in a supplementary round."))
            Table(header: TableRow {
                Text(t("Mã trường", "School code"))
                Text(t("Trường", "School"))
                Text(t("Chỉ tiêu", "Places"))
                Text(t("Đã trúng tuyển", "Admitted"))
                Text(t("Điểm chuẩn", "Cut-off"))
            }) {
                for line in cutoffs {
                    TableRow {
                        TableCell(line.schoolCode)
                        TableCell(line.schoolName)
                        TableCell(String(line.quota))
                        TableCell(String(line.admitted))
                        TableCell(line.catchmentOnly ? t("Chỉ nhận trẻ trong tuyến", "Catchment only") : line.cutoff?.description ?? "—")
                    }
                }
            }
            Paragraph(t("Tên học sinh chỉ hiện đủ khi cha mẹ học sinh đồng ý công bố; nếu không, chỉ hiện chữ cái đầu.",
                        "A child's full name shows only where the parents agreed to publication; otherwise only the initials."))
        }
    }

    enum Lookup {
        case none, notFound(code: String), found(PublishedResult)

        var code: String {
            switch self {
            case .none: ""
            case .notFound(let code): code
            case .found(let result): String(result.applicationID)
            }
        }
    }

    static func title(_ campaign: Campaign, t: Localizer) -> String {
        t("Tuyển sinh lớp \(campaign.entryGrade) năm học \(campaign.schoolYear)", "Grade \(campaign.entryGrade) admissions, \(campaign.schoolYear)")
    }
}
