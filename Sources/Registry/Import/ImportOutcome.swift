import EduCore
import Foundation

/// What an import did (or, on a dry run, would do).
public struct ImportOutcome: Sendable, Codable, Equatable {
    public var created = 0
    public var updated = 0
    public var unchanged = 0
    public var rejected = 0
    public var dryRun = false
    public var problems: [RowProblem] = []
    public var warnings: [RowProblem] = []
    /// On a dry run, what each row would do, in file order; at most `listedChanges` of them (the counts cover every row).
    public var changes: [RowChange] = []

    /// Enough for any school's or commune's file, and a bounded memory for a province's.
    public static let listedChanges = 100_000

    public init() {}

    /// Reports stored before dry runs listed their rows have no `changes`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        created = try container.decode(Int.self, forKey: .created)
        updated = try container.decode(Int.self, forKey: .updated)
        unchanged = try container.decode(Int.self, forKey: .unchanged)
        rejected = try container.decode(Int.self, forKey: .rejected)
        dryRun = try container.decode(Bool.self, forKey: .dryRun)
        problems = try container.decode([RowProblem].self, forKey: .problems)
        warnings = try container.decode([RowProblem].self, forKey: .warnings)
        changes = try container.decodeIfPresent([RowChange].self, forKey: .changes) ?? []
    }

    /// The one summary line of the command-line contract.
    public var summaryLine: String {
        "created \(created), updated \(updated), unchanged \(unchanged), rejected \(rejected)"
    }

    public var succeeded: Bool { rejected == 0 && problems.isEmpty }

    /// The outcome with each personal ID in its problems and warnings masked but for its last three digits: enough to
    /// find the row, nothing worth keeping at rest.
    public var maskingPersonalIDs: ImportOutcome {
        var masked = self
        masked.problems = problems.map(\.maskingPersonalID)
        masked.warnings = warnings.map(\.maskingPersonalID)
        return masked
    }

    /// Rows whose change is counted but not listed.
    public var unlistedChanges: Int { created + updated + unchanged - changes.count }

    static func rejecting(_ problems: [RowProblem], rows: Int, warnings: [RowProblem] = []) -> ImportOutcome {
        var outcome = ImportOutcome()
        outcome.problems = problems
        outcome.warnings = warnings
        outcome.rejected = rows
        return outcome
    }
}

/// One row's effect: the record it names, and for an update the import columns whose values change.
public struct RowChange: Sendable, Codable, Equatable {
    public enum Action: String, Sendable, Codable, CaseIterable {
        case create, update, unchanged

        public var label: Bilingual {
            switch self {
            case .create: Bilingual(vi: "tạo mới", en: "create")
            case .update: Bilingual(vi: "cập nhật", en: "update")
            case .unchanged: Bilingual(vi: "không đổi", en: "unchanged")
            }
        }
    }

    public let row: Int
    public let action: Action
    /// The record as the file names it: codes and name, never a personal ID.
    public let record: String
    public let columns: [String]

    public init(row: Int, action: Action, record: String, columns: [String] = []) {
        self.row = row
        self.action = action
        self.record = record
        self.columns = columns
    }

    /// The import columns that differ between two audit snapshots of one record.
    static func changedColumns(before: String, after: String, sheet: RegistrySheet) -> [String] {
        func fields(_ json: String) -> [String: NSObject] {
            (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: NSObject] ?? [:]
        }
        let old = fields(before), new = fields(after)
        return Set(old.keys).union(new.keys).sorted().filter { old[$0] != new[$0] }.map { importColumn($0, sheet: sheet) }
    }

    /// A stored field's name in the import shape: ids stand for the codes the file gives.
    private static func importColumn(_ field: String, sheet: RegistrySheet) -> String {
        switch field {
        case "schoolId": "school_code"
        case "unitId": "unit_code"
        case "nationalIdHash": "national_id"
        case "homeroomStaffId": "homeroom_teacher_code"
        case "name" where sheet == .classes: "class_name"
        default: field.reduce(into: "") { name, character in
            if character.isUppercase { name += "_" + character.lowercased() } else { name.append(character) }
        }
        }
    }
}

extension RowChange {
    /// One line of a dry run's listing: `dòng 7: cập nhật / update: TH001 HS0002 Trần Thị B (address, guardian_phone)`.
    public var line: String {
        "dòng \(row): \(action.label.vi) / \(action.label.en): \(record)" + (columns.isEmpty ? "" : " (\(columns.joined(separator: ", ")))")
    }
}

extension RowProblem {
    var maskingPersonalID: RowProblem {
        guard column == "national_id", value.count > 3 else { return self }
        return RowProblem(row: row, column: column, value: String(repeating: "•", count: value.count - 3) + value.suffix(3), reason: reason)
    }
}
