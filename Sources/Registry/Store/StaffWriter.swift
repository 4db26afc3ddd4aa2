import Access
import EduCore
import SQLKit
import Storage

struct StaffValues: Codable, Equatable, Sendable {
    var schoolId: Int
    var staffCode: String?
    var nationalIdHash: String?
    var fullName: String
    var dateOfBirth: String
    var gender: String
    var position: String
    var subjects: String
    var qualification: String
    var status: String
}

extension StaffValues: KeepsLeftOutColumns {
    static let optionalColumns: [String: @Sendable (inout StaffValues, StaffValues) -> Void] = [
        "position": { $0.position = $1.position }, "subjects": { $0.subjects = $1.subjects },
        "qualification": { $0.qualification = $1.qualification }, "status": { $0.status = $1.status },
    ]
}

struct StaffWriter: SheetWriter {
    let references: References
    let cipher: PersonalDataCipher
    var replacing: RecordPin?
    var leftOutColumns: Set<String> = []

    init(references: References, cipher: PersonalDataCipher) {
        self.references = references
        self.cipher = cipher
    }

    func check(_ draft: StaffDraft, row: Int) -> [RowProblem] {
        var problems: [RowProblem] = []
        _ = references.school(draft.schoolCode, row: row, into: &problems)
        return problems
    }

    func write(_ batch: [Numbered<StaffDraft>], on db: any SQLDatabase, reach: Reach?) async throws -> BatchResult {
        var result = BatchResult()
        let columns = "id, school_id, staff_code, national_id_hash, full_name, date_of_birth, gender, position, subjects, qualification, status"
        for item in batch {
            let draft = item.value
            let schoolID = references.schools[draft.schoolCode]!.id
            let hash = draft.person.nationalID.map { cipher.lookupHash($0.digits) }
            var values = StaffValues(schoolId: schoolID, staffCode: draft.staffCode, nationalIdHash: hash,
                                     fullName: draft.person.fullName, dateOfBirth: draft.person.dateOfBirth.iso,
                                     gender: draft.person.gender.rawValue, position: draft.position,
                                     subjects: draft.subjects, qualification: draft.qualification, status: (draft.status ?? .initial).rawValue)
            var byHash: Identified<StaffValues>?, byCode: Identified<StaffValues>?
            if let hash {
                byHash = try await db.raw("SELECT \(unsafeRaw: columns) FROM staff WHERE national_id_hash = \(bind: hash)")
                    .first(decoding: Identified<StaffValues>.self, keyDecodingStrategy: .convertFromSnakeCase)
            }
            if let code = draft.staffCode {
                byCode = try await db.raw("SELECT \(unsafeRaw: columns) FROM staff WHERE school_id = \(bind: schoolID) AND staff_code = \(bind: code)")
                    .first(decoding: Identified<StaffValues>.self, keyDecodingStrategy: .convertFromSnakeCase)
            }
            let existing: Identified<StaffValues>?
            if let replacing {
                // The stored record itself: its code and personal ID are what the change may correct.
                let keyMatches = [(byHash, RowProblem.conflict(row: item.row, column: "national_id", value: "")),
                                  (byCode, RowProblem.heldByAnother(row: item.row, column: "staff_code", value: draft.staffCode ?? ""))]
                switch try await Identified.target(replacing, row: item.row, keyMatches: keyMatches, table: "staff", columns: columns, on: db) {
                case .record(let stored): existing = stored
                case .refused(let problem):
                    result.problems.append(problem)
                    continue
                }
            } else {
                existing = byHash ?? byCode
                let codeHeldByOtherID = byCode.flatMap(\.values.nationalIdHash).map { $0 != hash && hash != nil } ?? false
                if let byCode, byCode.id != existing?.id || codeHeldByOtherID {
                    result.problems.append(RowProblem(row: item.row, column: "staff_code", value: draft.staffCode ?? "",
                                                      vi: "Mã cán bộ này đã thuộc về một người khác",
                                                      en: "This staff code already belongs to another person"))
                    continue
                }
            }
            if let existing, existing.values.schoolId != schoolID, let reach, !reach.canWrite(school: existing.values.schoolId) {
                result.problems.append(.conflict(row: item.row, column: "national_id", value: ""))
                continue
            }
            if let stored = existing?.values {
                values.nationalIdHash = values.nationalIdHash ?? stored.nationalIdHash
                values.staffCode = values.staffCode ?? stored.staffCode
            }
            var extra: [(String, any Encodable & Sendable)] = [("name_key", PersonName.foldedKey(draft.person.fullName))]
            if let id = draft.person.nationalID { extra.append(("national_id_enc", try cipher.seal(id.digits))) }
            try await result.record(values, existing: existing, leftOut: draft.keptColumns(leftOut: leftOutColumns, status: draft.status),
                                    entity: "staff", item: item, on: db, table: "staff", extra: extra)
        }
        return result
    }
}
