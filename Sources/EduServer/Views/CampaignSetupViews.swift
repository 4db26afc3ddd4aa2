import Admissions
import EduCore
import Plot

/// The campaign's paper rules as the department sets them while applications are open: a row per paper (subject,
/// weight 1–3, the minimum a paper must exceed), the current ones first and two empty rows to add one; a row left
/// without a subject is dropped. Priority and prize points stay the national values of TT30.
struct RulesForm: Component {
    static let extraRows = 2
    /// The most paper rows a form may send (more than any campaign has papers).
    static let paperRows = 20

    let campaign: Campaign
    let rules: CampaignRules?
    let csrf: String?
    let t: Localizer

    var body: Component {
        let papers = rules?.papers ?? []
        return Form(url: "/admissions/\(campaign.id)/rules", method: .post) {
            CSRFField(token: csrf)
            H2(t("Bài thi và hệ số", "Papers and weights"))
            if papers.isEmpty {
                Paragraph(t("Chưa có quy định bài thi: điểm của mỗi hồ sơ được nhập trực tiếp.", "No paper rules yet: each application's score is typed as is."))
            }
            Table(header: TableRow {
                TableHeaderCell(t("Môn", "Subject")); TableHeaderCell(t("Hệ số", "Weight")); TableHeaderCell(t("Điểm phải trên", "Must exceed"))
            }) {
                for index in 0..<(papers.count + Self.extraRows) {
                    let paper = index < papers.count ? papers[index] : nil
                    TableRow {
                        TableCell { TextField(name: "subject\(index + 1)", text: paper?.subject ?? "") }
                        TableCell {
                            Input(type: .number, name: "weight\(index + 1)", value: String(paper?.weight ?? 1))
                                .attribute(named: "min", value: "1").attribute(named: "max", value: "3")
                        }
                        TableCell { TextField(name: "minimum\(index + 1)", text: paper.map { $0.minimum?.description ?? "" } ?? "0") }
                    }
                }
            }
            SubmitButton(t("Lưu quy định bài thi", "Save the paper rules"))
        }
    }
}

/// Grades 1 and 6: each school's current catchment, and the form that gives a school a new version of it (one area a
/// line: the commune or ward code, then optionally a semicolon and the village, neighbourhood or street).
struct CatchmentSection: Component {
    let campaign: Campaign
    let schools: [CampaignSchool]
    let catchments: [Int: Catchment]
    let editable: Bool
    let csrf: String?
    let t: Localizer

    var body: Component {
        Div {
            H2(t("Tuyến tuyển sinh", "Catchments"))
            Table(header: TableRow {
                TableHeaderCell(t("Trường", "School")); TableHeaderCell(t("Địa bàn", "Areas")); TableHeaderCell(t("Phiên bản", "Version"))
            }) {
                for school in schools {
                    let catchment = catchments[school.id]
                    TableRow {
                        TableCell("\(school.name) (\(school.code))")
                        TableCell(catchment.map { $0.areas.map(Self.line).joined(separator: " · ") } ?? t("Chưa có tuyến", "No catchment yet"))
                        TableCell(catchment.map { "\($0.version) · \($0.createdBy)" } ?? "–")
                    }
                }
            }
            if editable {
                Form(url: "/admissions/\(campaign.id)/catchment", method: .post) {
                    CSRFField(token: csrf)
                    Label(t("Mã trường", "School code")) { TextField(name: "school_code", isRequired: true) }
                    Label(t("Địa bàn, mỗi dòng một nơi: mã xã/phường; thôn, tổ dân phố hoặc đường (không bắt buộc)",
                            "Areas, one a line: commune or ward code; village, neighbourhood or street (optional)")) {
                        TextArea(name: "areas", numberOfRows: 5)
                    }
                    SubmitButton(t("Lưu tuyến (phiên bản mới)", "Save the catchment (a new version)"))
                }
                if campaign.status == .allocated {
                    Paragraph(t("Đổi tuyến đưa đợt tuyển sinh về trạng thái chờ xét tuyển lại.", "A new catchment sends the campaign back to be allocated again."))
                        .class("warn")
                }
            }
        }
    }

    static func line(_ area: Residence) -> String {
        area.locality.isEmpty ? area.communeCode : "\(area.communeCode); \(area.locality)"
    }

}

/// The exam board's results for the whole campaign as one file: the columns it must have, from the campaign's rules.
struct ScoresUpload: Component {
    let campaign: Campaign
    let rules: CampaignRules?
    let csrf: String?
    let t: Localizer

    var body: Component {
        let columns = [ScoreFile.applicationColumn] + (rules.map { $0.papers.map(\.subject) } ?? [ScoreFile.scoreColumn])
        return Form(url: "/admissions/\(campaign.id)/scores", method: .post, contentType: .multipartData) {
            CSRFField(token: csrf)
            H2(t("Nhập điểm cả đợt từ tệp", "Scores for the whole campaign from a file"))
            Paragraph(t("Tệp CSV hoặc Excel (.xlsx), mỗi dòng một hồ sơ, các cột: ", "A CSV or Excel (.xlsx) file, one application a row, with the columns: ")
                      + columns.joined(separator: ", ") + (rules == nil ? "." : t(". Điểm bài thi từ 0 đến 10; ô trống là thiếu bài.",
                                                                                   ". Papers score 0 to 10; an empty cell is a missing paper.")))
            Input(type: .file, name: "file").attribute(named: "accept", value: ".csv,.xlsx").attribute(named: "required", value: "required")
            SubmitButton(t("Tải lên và lưu điểm", "Upload and record the scores"))
        }
    }
}
