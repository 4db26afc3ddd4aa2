import Admissions
import EduCore
import Plot

/// Appeals on the campaign's staff page: each with its grounds and state; for the department, the decision on a
/// waiting one (uphold, placing the child at a school when the appeal asks it, or dismiss; the note is the family's
/// answer) and a paper appeal received at the office entered on the family's behalf.
struct AppealSection: Component {
    let campaign: Campaign
    let appeals: [Appeal]
    /// School codes by id.
    let schoolCodes: [Int: String]
    let decides: Bool
    let csrf: String?
    let t: Localizer

    var body: Component {
        Div {
            H2(t("Đơn khiếu nại, phúc khảo (\(appeals.filter { $0.status == .pending }.count) chờ giải quyết)",
                 "Appeals (\(appeals.filter { $0.status == .pending }.count) waiting)"))
            if decides && campaign.takesAppeals(on: .today) { paperAppeal }
            if appeals.isEmpty { Paragraph(t("Chưa có đơn nào.", "No appeal yet.")) }
            if !appeals.isEmpty {
                Table(header: TableRow {
                    TableHeaderCell(t("Số đơn", "No.")); TableHeaderCell(t("Mã hồ sơ", "Application")); TableHeaderCell(t("Họ tên", "Name"))
                    TableHeaderCell(t("Nội dung", "Grounds")); TableHeaderCell(t("Ngày gửi", "Filed")); TableHeaderCell(t("Giải quyết", "Decision"))
                }) {
                    for appeal in appeals {
                        TableRow {
                            TableCell(String(appeal.id)); TableCell(String(appeal.applicationID)); TableCell(appeal.applicantName)
                            TableCell(appeal.grounds); TableCell(vietnamTime(appeal.filedAt))
                            decision(appeal)
                        }
                    }
                }
            }
        }
    }

    private func decision(_ appeal: Appeal) -> Component {
        TableCell {
            switch appeal.status {
            case .pending:
                Text(t("Chờ giải quyết", "Waiting"))
                if decides {
                    // Two forms, so Enter in a dismissal's note never upholds.
                    Form(url: "/admissions/appeals/\(appeal.id)/decision", method: .post) {
                        CSRFField(token: csrf)
                        Input(type: .hidden, name: "decision", value: "uphold")
                        Label(t("Xếp vào trường (mã, nếu cần)", "Place at school (code, if needed)")) { TextField(name: "school_code") }
                        Label(t("Trả lời (bắt buộc)", "Answer (required)")) { TextField(name: "note", isRequired: true) }
                        SubmitButton(t("Chấp nhận", "Uphold"))
                    }
                    Form(url: "/admissions/appeals/\(appeal.id)/decision", method: .post) {
                        CSRFField(token: csrf)
                        Input(type: .hidden, name: "decision", value: "dismiss")
                        Label(t("Trả lời (bắt buộc)", "Answer (required)")) { TextField(name: "note", isRequired: true) }
                        SubmitButton(t("Không chấp nhận", "Dismiss"))
                    }
                    Paragraph(t("Gia đình đọc được câu trả lời.", "The family reads the answer.")).class("warn")
                }
            case .upheld, .dismissed:
                Text(appeal.status == .upheld ? t("Chấp nhận", "Upheld") : t("Không chấp nhận", "Dismissed"))
                if let school = appeal.schoolID { Text(" – " + t("xếp vào", "placed at") + " " + (schoolCodes[school] ?? String(school))) }
                if let note = appeal.decisionNote { Paragraph(note) }
                if let decidedAt = appeal.decidedAt { Paragraph(vietnamTime(decidedAt)) }
            }
        }.class(appeal.status == .pending ? "warn" : "")
    }

    /// An appeal handed in on paper, entered for the family: it then follows the same path as one filed online.
    private var paperAppeal: Component {
        Form(url: "/admissions/\(campaign.id)/appeal", method: .post) {
            CSRFField(token: csrf)
            Label(t("Mã hồ sơ", "Application code")) { TextField(name: "application", isRequired: true) }
            Label(t("Nội dung đơn (bản giấy)", "Grounds (paper appeal)")) { TextField(name: "reason", isRequired: true) }
            SubmitButton(t("Nhận đơn khiếu nại", "Enter the appeal"))
        }.class("inline")
    }
}
