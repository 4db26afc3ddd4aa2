import EduCore

/// Double entry (nhập liệu hai lần): two operators transcribe the same register page on their own; their rows are
/// paired and every field on which they differ is flagged for a third person. Only values both operators typed, or
/// the third person settled, reach the register.
public enum DoubleEntry {
    /// One transcribed line as register-file cells by column name (`RegisterEntryDraft.cells`).
    public typealias Cells = [String: String]

    /// The columns compared, in the register file's order.
    public static let fields = RegisterFile.columns.map(\.name).filter { $0 != "page_image" }

    /// The third person's word on a whole line: `drop` any line (one that is not on the page, or that the register
    /// refuses), and `keep` or `drop` a line only one operator typed.
    public static let lineField = "line"
    public enum LineChoice: String, Sendable { case keep, drop }

    /// A line as each operator typed it; one side is nil when only the other typed the line.
    public struct Pair: Sendable, Hashable {
        /// Stable within a batch: the line's positions (from 1) in the first and second transcription, "3-3", "7-", "-7".
        public let key: String
        public let first: Cells?
        public let second: Cells?

        /// The line's position in the first transcription, or in the second when only that one has it: how problems
        /// with the line are numbered.
        public var line: Int { Int(key.split(separator: "-", omittingEmptySubsequences: false).first { !$0.isEmpty }!)! }

        /// The fields to settle: those that differ, or the whole line when one operator did not type it.
        public var differences: [String] {
            guard let first, let second else { return [DoubleEntry.lineField] }
            return fields.filter { first[$0, default: ""] != second[$0, default: ""] }
        }
    }

    /// Lines are paired by register number (each file's numbers are unique), then the rest by their order when they
    /// still share the serial or the name (a mistyped number pairs, its number flagged); other lines pair with nothing,
    /// so two people's lines are never merged field by field.
    public static func pairs(_ first: [Cells], _ second: [Cells]) -> [Pair] {
        let secondByNumber = Dictionary(second.enumerated().map { ($1["register_number", default: ""], $0) }, uniquingKeysWith: { earlier, _ in earlier })
        var matched: [(Int?, Int?)] = [], pairedSecond: Set<Int> = [], restOfFirst: [Int] = []
        for (index, line) in first.enumerated() {
            if let other = secondByNumber[line["register_number", default: ""]], pairedSecond.insert(other).inserted {
                matched.append((index, other))
            } else {
                restOfFirst.append(index)
            }
        }
        let restOfSecond = second.indices.filter { !pairedSecond.contains($0) }
        for position in 0..<max(restOfFirst.count, restOfSecond.count) {
            let one = restOfFirst.indices.contains(position) ? restOfFirst[position] : nil
            let two = restOfSecond.indices.contains(position) ? restOfSecond[position] : nil
            if let one, let two, !["serial", "full_name"].contains(where: { first[one][$0] == second[two][$0] }) {
                matched += [(one, nil), (nil, two)]
            } else {
                matched.append((one, two))
            }
        }
        // In the page's order, as the first operator typed it (lines only the second typed, at their own place).
        return matched.sorted { ($0.0 ?? $0.1!, $0.0 == nil ? 1 : 0) < ($1.0 ?? $1.1!, $1.0 == nil ? 1 : 0) }.map { one, two in
            Pair(key: "\(one.map { String($0 + 1) } ?? "")-\(two.map { String($0 + 1) } ?? "")",
                 first: one.map { first[$0] }, second: two.map { second[$0] })
        }
    }

    public enum Settled: Sendable, Hashable {
        case line(Cells)
        case dropped
        case unresolved
    }

    /// The line as it goes into the register: the values both typed, and the third person's `resolutions` (field →
    /// value) for the rest.
    public static func settled(_ pair: Pair, resolutions: [String: String]) -> Settled {
        if resolutions[lineField] == LineChoice.drop.rawValue { return .dropped }
        guard let first = pair.first, pair.second != nil else {
            return resolutions[lineField] == LineChoice.keep.rawValue ? .line(pair.first ?? pair.second!) : .unresolved
        }
        var line = first
        for field in pair.differences {
            guard let value = resolutions[field] else { return .unresolved }
            line[field] = value
        }
        return .line(line)
    }
}

extension RegisterEntryDraft {
    /// The entry as register-file cells (dates ISO, the serial normalised, gender Nam/Nữ, empty cells left out): what
    /// double entry compares, and what `RegisterFile.entry` reads back.
    public var cells: DoubleEntry.Cells {
        let all = ["credential_type": kind.rawValue, "serial": serial, "register_number": registerNumber, "full_name": fullName,
                   "date_of_birth": dateOfBirth.iso, "gender": gender?.vietnamese ?? "", "birthplace": birthplace,
                   "national_id": nationalID?.digits ?? "", "school": school, "graduation_year": String(graduationYear),
                   "classification": classification, "decision_number": decisionNumber, "decision_date": decisionDate.iso]
        return all.filter { !$0.value.isEmpty }
    }
}
