import Credentials
import EduCore
import Foundation
import Plot
import Quality

/// Holders of register entries linked to the registry's students (`/credentials/holders`): how the register stands, a
/// button that runs the linkage, the students the model proposed with how each field agrees and the two decisions,
/// and the first entries still unlinked with the reason.
struct HolderLinkPage: Component {
    static let shown = 100

    let standing: HolderLinkage.Standing
    let reviews: [HolderLinkage.Review]
    let unlinked: [HolderLinks.Unlinked]
    let canDecide: Bool
    let message: Bilingual?
    let error: Bilingual?
    let csrf: String?
    let t: Localizer

    var body: Component {
        Div {
            H1(t("Chủ văn bằng và hồ sơ học sinh", "Credential holders and student records"))
            CredentialsMenu(current: "/credentials/holders", t: t)
            Notices(message: message, error: error, t: t)
            Paragraph(t("Đã liên kết \(standing.linkedTotal): theo số định danh \(standing.linked["national_id"] ?? 0), theo họ tên và ngày sinh \(standing.linked["name_birth"] ?? 0), theo mô hình \(standing.linked["probable"] ?? 0), do người duyệt \(standing.linked["reviewed"] ?? 0). Chưa liên kết \(standing.unlinked), trong đó \(standing.toReview) chờ duyệt.",
                        "Linked \(standing.linkedTotal): by personal ID \(standing.linked["national_id"] ?? 0), by name and birth date \(standing.linked["name_birth"] ?? 0), by the model \(standing.linked["probable"] ?? 0), by review \(standing.linked["reviewed"] ?? 0). Unlinked \(standing.unlinked), of which \(standing.toReview) wait for review."))
            if canDecide {
                Form(url: "/credentials/holders/run", method: .post) {
                    CSRFField(token: csrf)
                    SubmitButton(t("Chạy liên kết toàn sổ", "Link the whole register"))
                }
            }
            H2(t("Đề xuất chờ duyệt", "Proposals waiting for review"))
            if reviews.isEmpty {
                Paragraph(t("Không có đề xuất nào chờ duyệt.", "No proposal is waiting.")).class("ok")
            }
            for review in reviews {
                entry(review)
            }
            H2(t("Chưa liên kết", "Not linked"))
            Paragraph(t("\(min(unlinked.count, Self.shown)) mục đầu tiên theo số hiệu; cả danh sách: eduvn credentials link-holders --unlinked-out TỆP.",
                        "The first \(min(unlinked.count, Self.shown)) by serial; the whole list: eduvn credentials link-holders --unlinked-out FILE."))
            Table(header: TableRow {
                TableHeaderCell(t("Số hiệu", "Serial")); TableHeaderCell(t("Họ và tên", "Full name"))
                TableHeaderCell(t("Ngày sinh", "Date of birth")); TableHeaderCell(t("Lý do", "Reason"))
            }) {
                for entry in unlinked.prefix(Self.shown) {
                    TableRow {
                        TableCell(entry.serial); TableCell(entry.fullName); TableCell(LinkageViews.birth(entry.dateOfBirth)); TableCell(reason(entry.reason))
                    }
                }
            }
        }
    }

    /// An entry and every student proposed for it, strongest first: a person sees all rivals before linking one.
    private func entry(_ review: HolderLinkage.Review) -> Component {
        let first = review.candidates[0]
        return Div {
            H3(t("Văn bằng \(first.serial) (\(first.kind), \(first.graduationYear)): \(first.fullName), \(LinkageViews.birth(first.dateOfBirth)) — \(review.candidates.count) học sinh được đề xuất",
                 "Credential \(first.serial) (\(first.kind), \(first.graduationYear)): \(first.fullName), \(LinkageViews.birth(first.dateOfBirth)) — \(review.candidates.count) students proposed"))
            for candidate in review.candidates {
                proposal(candidate)
            }
        }.class("proposal")
    }

    /// One student beside the entry, field by field (the personal IDs by their agreement only), and the two decisions.
    private func proposal(_ candidate: HolderLinkage.Candidate) -> Component {
        let levels = candidate.levels.split(separator: ",").compactMap { Int($0) }
        let rows: [(field: Int, entry: String, student: String)] = [
            (0, "", ""),
            (1, candidate.fullName, candidate.studentName),
            (2, LinkageViews.birth(candidate.dateOfBirth), LinkageViews.birth(candidate.studentBirth)),
            (3, candidate.gender.map { RegistryViews.gender($0, t) } ?? "", RegistryViews.gender(candidate.studentGender, t)),
            (4, candidate.birthplace, candidate.studentBirthplace),
        ]
        return Div {
            Paragraph(t("Khả năng là một người: \(LinkageViews.percent(candidate.probability))", "Match probability: \(LinkageViews.percent(candidate.probability))"))
            Table(header: TableRow {
                Text("")
                Text(t("Sổ gốc", "Register"))
                Text(t("Học sinh (\(candidate.schoolName))", "Student (\(candidate.schoolName))"))
                Text(t("So khớp", "Agreement"))
            }) {
                for row in rows {
                    HeadedRow(t(AgreementLevel.fields[row.field].name)) {
                        TableCell(row.entry)
                        TableCell(row.student)
                        TableCell(t(AgreementLevel.describe(field: row.field, level: levels.indices.contains(row.field) ? levels[row.field] : 0)))
                    }
                }
            }
            if canDecide {
                decision(candidate, link: true, label: t("Cùng một người: liên kết", "The same person: link"))
                decision(candidate, link: false, label: t("Người khác", "Another person"))
            }
        }
    }

    private func decision(_ candidate: HolderLinkage.Candidate, link: Bool, label: String) -> Component {
        Form(url: "/credentials/holders/decide", method: .post) {
            CSRFField(token: csrf)
            Input(type: .hidden, name: "entry", value: String(candidate.entryId))
            Input(type: .hidden, name: "student", value: String(candidate.studentId))
            Input(type: .hidden, name: "decision", value: link ? "link" : "distinct")
            SubmitButton(label)
        }
    }

    private func reason(_ reason: HolderLinks.Unlinked.Reason) -> String {
        switch reason {
        case .toReview: t("Chờ duyệt đề xuất", "Proposals waiting for review")
        case .ambiguous: t("Nhiều học sinh cùng họ tên và ngày sinh", "Several students with this name and birth date")
        case .noMatch: t("Không có học sinh nào đủ giống để đề xuất", "No student alike enough to propose")
        }
    }
}
