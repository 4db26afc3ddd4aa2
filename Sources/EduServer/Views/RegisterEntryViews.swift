import Credentials
import EduCore
import Foundation
import Plot

/// The register for department staff (`/credentials/register`): finding an entry, and one entry with its page scan,
/// its history of corrections and revocations, what was issued from it, and the forms that correct or revoke it.
enum RegisterEntryViews {
    struct Search: Component {
        let query: String
        let year: Int?
        let results: [RegisterEntries.Summary]?
        let t: Localizer

        var body: Component {
            Div {
                H1(t("Sổ gốc văn bằng, chứng chỉ", "The credentials register"))
                CredentialsMenu(current: "/credentials/register", t: t)
                Form(url: "/credentials/register", method: .get) {
                    Label(t("Số hiệu, số vào sổ gốc hoặc họ tên người được cấp", "Serial, register number or the holder's name")) {
                        Input(type: .search, name: "q", value: query.attributeEscaped, isRequired: true)
                    }
                    Label(t("Năm tốt nghiệp (không bắt buộc)", "Graduation year (optional)")) {
                        Input(type: .number, name: "year", value: year.map(String.init))
                    }
                    SubmitButton(t("Tìm", "Find"))
                }
                if let results {
                    if results.isEmpty {
                        Paragraph(t("Không có mục nào khớp.", "No entry matches."))
                    } else {
                        RegisterEntryViews.table(results, t: t)
                    }
                }
            }
        }
    }

    static func table(_ entries: [RegisterEntries.Summary], t: Localizer) -> Component {
        Table(header: TableRow {
            TableHeaderCell(t("Số hiệu", "Serial")); TableHeaderCell(t("Số vào sổ", "Register no."))
            TableHeaderCell(t("Họ và tên", "Full name")); TableHeaderCell(t("Ngày sinh", "Born"))
            TableHeaderCell(t("Trường, hội đồng thi", "School or council")); TableHeaderCell(t("Năm", "Year"))
            TableHeaderCell(t("Tình trạng", "Status"))
        }) {
            for entry in entries {
                TableRow {
                    TableCell { Link(entry.serial, url: "/credentials/register/\(entry.id)") }
                    TableCell(entry.registerNumber)
                    TableCell(entry.fullName)
                    TableCell(date(entry.dateOfBirth))
                    TableCell(entry.school)
                    TableCell(String(entry.graduationYear))
                    TableCell(entry.entryStatus.map { t($0.label) } ?? entry.status)
                }
            }
        }
    }

    struct Entry: Component {
        let entry: RegisterEntries.Detail
        let history: [RegisterStore.Event]
        /// Department staff signed in as a person, not read-only.
        let canChange: Bool
        let message: Bilingual?
        let error: Bilingual?
        let csrf: String?
        let t: Localizer

        var body: Component {
            let summary = entry.summary
            return Div {
                H1(t("Văn bằng số hiệu \(summary.serial)", "Credential \(summary.serial)"))
                CredentialsMenu(current: "", t: t)
                Notices(message: message, error: error, t: t)
                Table {
                    row(t("Loại", "Kind"), summary.credentialKind.map { t($0.label) } ?? summary.kind)
                    row(t("Số vào sổ gốc", "Register number"), summary.registerNumber)
                    row(t("Họ và tên", "Full name"), summary.fullName)
                    row(t("Ngày sinh", "Date of birth"), date(summary.dateOfBirth))
                    row(t("Giới tính", "Gender"), entry.gender?.vietnamese ?? "")
                    row(t("Nơi sinh", "Birthplace"), entry.birthplace)
                    row(t("Dân tộc", "Ethnicity"), entry.ethnicity)
                    row(t("Số định danh cá nhân", "Personal ID"), entry.nationalID ?? t("chưa có", "not known"))
                    row(t("Trường, hội đồng thi", "School or exam council"), summary.school)
                    row(t("Năm tốt nghiệp", "Graduation year"), String(summary.graduationYear))
                    row(t("Xếp loại", "Classification"), entry.classification)
                    row(t("Quyết định công nhận tốt nghiệp", "Graduation decision"), "\(entry.decisionNumber), \(date(entry.decisionDate))")
                    row(t("Người ký", "Signer"), entry.signer)
                    row(t("Cơ quan quản lý sổ gốc", "Body holding the register"), entry.issuer)
                    row(t("Tình trạng", "Status"), summary.entryStatus.map { t($0.label) } ?? summary.status)
                    row(t("Đối chiếu sổ gốc giấy", "Checked against the paper register"),
                        entry.verification ?? t("chưa đối chiếu: chưa cấp văn bằng số, bản sao", "not yet: no digital credential or copy is issued"))
                    row(t("Vào sổ", "Registered"), "\(vietnamTime(entry.createdAt)), \(entry.createdBy)")
                    HeadedRow(t("Hồ sơ học sinh", "Student record")) {
                        if let holder = entry.holder {
                            TableCell { Link(t("học sinh #\(holder.studentID)", "student #\(holder.studentID)"), url: "/students/\(holder.studentID)") }
                        } else {
                            TableCell(t("chưa liên kết", "not linked"))
                        }
                    }
                }
                H2(t("Trang sổ gốc", "The register page"))
                if let scan = entry.pageScan {
                    PageScanView(scan: scan, t: t)
                } else {
                    Paragraph(t("Chưa có ảnh trang sổ gốc.", "No scan of the register page is attached."))
                    if canChange {
                        Form(url: "/credentials/register/\(summary.id)/scan", method: .post, contentType: .multipartData) {
                            CSRFField(token: csrf)
                            Label(t("Ảnh trang sổ gốc (JPEG, PNG, TIFF hoặc PDF, tối đa 20 MB; gắn rồi thì không thay)",
                                    "Scan of the register page (JPEG, PNG, TIFF or PDF, up to 20 MB; once attached it is never replaced)")) {
                                Input(type: .file, name: "scan").attribute(named: "accept", value: ".jpg,.jpeg,.png,.tif,.tiff,.pdf")
                                    .attribute(named: "required", value: "required")
                            }
                            SubmitButton(t("Gắn ảnh", "Attach"))
                        }
                    }
                }
                H2(t("Lịch sử đính chính, thu hồi", "Corrections and revocations"))
                if history.isEmpty {
                    Paragraph(t("Chưa có.", "None."))
                } else {
                    HistoryTable(events: history, t: t)
                }
                H2(t("Đã cấp từ mục này", "Issued from this entry"))
                if entry.issuances.isEmpty {
                    Paragraph(t("Chưa cấp văn bằng số hay bản sao nào.", "No digital credential or copy issued yet."))
                } else {
                    Table(header: TableRow {
                        TableHeaderCell(t("Lúc", "When")); TableHeaderCell(t("Dạng", "Form"))
                        TableHeaderCell(t("Ký bằng", "Signed with")); TableHeaderCell(t("Người cấp", "By"))
                    }) {
                        for issuance in entry.issuances {
                            TableRow {
                                TableCell(vietnamTime(issuance.issuedAt))
                                TableCell(issuance.kind == "vc" ? t("văn bằng số (VC)", "verifiable credential") : t("bản sao PDF có ký số", "signed PDF copy"))
                                TableCell(issuance.signer)
                                TableCell(issuance.issuedBy)
                            }
                        }
                    }
                }
                if canChange && entry.verification == nil {
                    Form(url: "/credentials/register/\(summary.id)/verify", method: .post) {
                        H2(t("Ghi nhận đã đối chiếu với sổ gốc giấy", "Record the check against the paper register"))
                        CSRFField(token: csrf)
                        Label(t("Biên bản hoặc cách đối chiếu", "The comparison's record")) { Input(type: .text, name: "record", isRequired: true) }
                        SubmitButton(t("Ghi nhận", "Record"))
                    }
                }
                if canChange && summary.entryStatus != .revoked {
                    CorrectionForm(entry: entry, csrf: csrf, t: t)
                    RevocationForm(entryID: summary.id, csrf: csrf, t: t)
                }
                Paragraph { Link(t("Tìm mục khác", "Find another entry"), url: "/credentials/register") }
            }
        }
    }

    /// Every field with its current value: what is left as it was is no change.
    struct CorrectionForm: Component {
        let entry: RegisterEntries.Detail
        let csrf: String?
        let t: Localizer

        var body: Component {
            Form(url: "/credentials/register/\(entry.summary.id)/correct", method: .post) {
                H2(t("Đính chính theo quyết định", "Correct by a decision"))
                Paragraph(t("Sửa các trường cần đính chính; trường để nguyên không thay đổi. Giá trị cũ được giữ trong lịch sử.",
                            "Change the fields to correct; those left as they are do not change. The old values stay in the history."))
                CSRFField(token: csrf)
                DecisionFields(t: t)
                for field in RegisterStore.CorrectableField.allCases {
                    Label(t(field.label)) {
                        if field == .gender {
                            // "—" (not recorded) only while it is not: a correction sets a gender, it does not erase one.
                            SelectField(name: field.rawValue, options: (entry.gender == nil ? [("", "—")] : []) + Gender.allCases.map { ($0.rawValue, $0.vietnamese) },
                                        selected: entry.gender?.rawValue ?? "")
                        } else {
                            Input(type: .text, name: field.rawValue, value: current(field).attributeEscaped)
                        }
                    }
                }
                SubmitButton(t("Ghi đính chính", "Record the correction"))
            }
        }

        private func current(_ field: RegisterStore.CorrectableField) -> String {
            switch field {
            case .fullName: entry.summary.fullName
            case .dateOfBirth: date(entry.summary.dateOfBirth)
            case .gender: entry.gender?.rawValue ?? ""
            case .birthplace: entry.birthplace
            case .school: entry.summary.school
            case .classification: entry.classification
            case .ethnicity: entry.ethnicity
            case .signer: entry.signer
            }
        }
    }

    struct RevocationForm: Component {
        let entryID: Int
        let csrf: String?
        let t: Localizer

        var body: Component {
            Form(url: "/credentials/register/\(entryID)/revoke", method: .post) {
                H2(t("Thu hồi theo quyết định", "Revoke by a decision"))
                Paragraph(t("Văn bằng bị thu hồi vẫn ở trong sổ gốc; tra cứu và kiểm tra văn bằng số sẽ báo đã thu hồi.",
                            "A revoked credential stays in the register; lookups and checks of its digital credentials say it is revoked."))
                CSRFField(token: csrf)
                DecisionFields(t: t)
                Label(t("Căn cứ thu hồi", "Ground")) {
                    SelectField(name: "ground", options: RevocationGround.allCases.map { ($0.rawValue, t($0.label)) })
                }
                SubmitButton(t("Thu hồi văn bằng", "Revoke the credential"))
            }
        }
    }

    struct DecisionFields: Component {
        let t: Localizer

        var body: Component {
            ComponentGroup {
                Label(t("Số quyết định", "Decision number")) { Input(type: .text, name: "decision_number", isRequired: true) }
                Label(t("Ngày quyết định (dd/mm/yyyy)", "Decision date (dd/mm/yyyy)")) { Input(type: .text, name: "decision_date", isRequired: true) }
            }
        }
    }

    struct HistoryTable: Component {
        let events: [RegisterStore.Event]
        let t: Localizer

        var body: Component {
            Table(header: TableRow {
                TableHeaderCell(t("Lúc", "When")); TableHeaderCell(t("Việc", "What")); TableHeaderCell(t("Quyết định", "Decision"))
                TableHeaderCell(t("Nội dung", "Details")); TableHeaderCell(t("Người ghi", "By"))
            }) {
                for event in events {
                    TableRow {
                        TableCell(vietnamTime(event.at))
                        TableCell(event.kind == "revoked" ? t("Thu hồi", "Revoked") : t("Đính chính", "Corrected"))
                        TableCell("\(event.decisionNumber), \(date(event.decisionDate))")
                        TableCell(details(event))
                        TableCell(event.by)
                    }
                }
            }
        }

        /// A correction's fields as "field: before → after"; a revocation's ground.
        private func details(_ event: RegisterStore.Event) -> String {
            if let ground = event.ground {
                return RevocationGround(rawValue: ground).map { t($0.label) } ?? ground
            }
            let before = Self.fields(event.before), after = Self.fields(event.after)
            return after.keys.sorted().map { key in
                let label = RegisterStore.CorrectableField(rawValue: key).map { t($0.label) } ?? key
                return "\(label): \(before[key] ?? "") → \(after[key] ?? "")"
            }.joined(separator: "; ")
        }

        private static func fields(_ json: String?) -> [String: String] {
            json.flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) } ?? [:]
        }
    }
}

private func row(_ label: String, _ value: String) -> Component {
    HeadedRow(label) { TableCell(value) }
}

/// An ISO date as Vietnamese write it; anything else as it is.
private func date(_ iso: String) -> String {
    CalendarDate(iso: iso)?.vietnamese ?? iso
}
