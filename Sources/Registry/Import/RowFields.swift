import EduCore

/// The cells of one input row by column name, with typed readers that record what is wrong.
struct RowFields {
    let row: Int
    private let cells: [String]
    private let header: HeaderMap
    /// The day dates are checked against, one for the whole import: a row read again after midnight reads the same.
    let today: CalendarDate
    private(set) var problems: [RowProblem] = []
    private(set) var warnings: [RowProblem] = []

    init(row: Int, cells: [String], header: HeaderMap, today: CalendarDate) {
        self.row = row
        self.cells = cells
        self.header = header
        self.today = today
    }

    func text(_ column: String) -> String {
        guard let index = header.positions[column], index < cells.count else { return "" }
        return cells[index]
    }

    func optional(_ column: String) -> String? {
        let value = text(column)
        return value.isEmpty ? nil : value
    }

    mutating func fail(_ column: String, _ vi: String, _ en: String) {
        problems.append(RowProblem(row: row, column: column, value: text(column), vi: vi, en: en))
    }

    mutating func warn(_ column: String, _ reason: Bilingual) {
        warnings.append(RowProblem(row: row, column: column, value: text(column), reason: reason))
    }

    mutating func required(_ column: String) -> String? {
        let value = text(column)
        if value.isEmpty { fail(column, "Không được để trống", "Must not be empty") }
        return value.isEmpty ? nil : value
    }

    mutating func code(_ column: String, required isRequired: Bool = true) -> String? {
        guard let value = isRequired ? required(column) : optional(column) else { return nil }
        guard value.utf8.count <= 40, value.utf8.allSatisfy(Self.isCodeByte) else {
            fail(column, "Mã chỉ gồm chữ không dấu, số và - _ . / (tối đa 40 ký tự)",
                 "Codes use unaccented letters, digits and - _ . / (at most 40 characters)")
            return nil
        }
        return value
    }

    /// A byte codes may hold: an unaccented letter, a digit, or one of `- _ . /`.
    private static func isCodeByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "/"): true
        default: false
        }
    }

    mutating func name(_ column: String) -> String? {
        guard let value = required(column) else { return nil }
        if let problem = PersonName.problem(value) {
            problems.append(RowProblem(row: row, column: column, value: value, reason: problem))
            return nil
        }
        return PersonName.normalized(value)
    }

    mutating func freeText(_ column: String, limit: Int = 200) -> String {
        let value = PersonName.normalized(text(column))
        if value.count > limit { fail(column, "Dài quá \(limit) ký tự", "Longer than \(limit) characters") }
        return value
    }

    /// A list written with `;` between its items (a staff member's subjects, qualifications): each item tidied, repeats
    /// dropped, stored in one form ("Cử nhân Sư phạm Toán; Thạc sĩ Quản lý giáo dục") so a re-import compares equal.
    mutating func list(_ column: String, limit: Int) -> String {
        var items: [String] = []
        for item in text(column).split(separator: ";").map({ PersonName.normalized(String($0)) }) where !item.isEmpty {
            if !items.contains(where: { PersonName.foldedKey($0) == PersonName.foldedKey(item) }) { items.append(item) }
        }
        let value = items.joined(separator: "; ")
        if value.count > limit { fail(column, "Dài quá \(limit) ký tự", "Longer than \(limit) characters") }
        return value
    }

    mutating func date(_ column: String) -> CalendarDate? {
        guard let value = required(column) else { return nil }
        switch CalendarDate.parse(value) {
        case .success(let date): return date
        case .failure(let reason):
            problems.append(RowProblem(row: row, column: column, value: value, reason: reason))
            return nil
        }
    }

    mutating func gender(_ column: String) -> Gender? {
        guard let value = required(column) else { return nil }
        guard let gender = Gender(parsing: value) else {
            fail(column, "Giới tính phải là Nam hoặc Nữ", "Gender must be Nam (male) or Nữ (female)")
            return nil
        }
        return gender
    }

    /// A record's status; nil for an empty cell, which keeps a stored record's status and gives a new one the first.
    mutating func status<Status: RecordStatus>(_ column: String, as _: Status.Type) -> Status? {
        guard let value = optional(column) else { return nil }
        guard let status = Status(parsing: value) else {
            fail(column, "Trạng thái là một trong: \(Status.choices.vi)", "The status is one of: \(Status.choices.en)")
            return nil
        }
        return status
    }

    mutating func nationalID(_ column: String, birthYear: Int?, gender: Gender?) -> NationalID? {
        guard let value = optional(column) else { return nil }
        guard let id = NationalID(value) else {
            fail(column, "Số định danh phải gồm đúng 12 chữ số", "The personal ID must be exactly 12 digits")
            return nil
        }
        for warning in id.warnings(birthYear: birthYear, gender: gender) { warn(column, warning) }
        return id
    }

    mutating func integer(_ column: String, in range: ClosedRange<Int>, required isRequired: Bool) -> Int? {
        guard let value = isRequired ? required(column) : optional(column) else { return nil }
        guard let number = Int(value), range.contains(number) else {
            fail(column, "Phải là số nguyên từ \(range.lowerBound) đến \(range.upperBound)",
                 "Must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return number
    }

    /// `2025-2026`: two consecutive years.
    mutating func schoolYear(_ column: String, required isRequired: Bool) -> String? {
        guard let value = isRequired ? required(column) : optional(column) else { return nil }
        // Spaces around the dash are allowed ("2025 - 2026"); splitting on both keeps Foundation out of a per-row path.
        let parts = value.split(whereSeparator: { $0 == "-" || $0 == " " }).compactMap { Int($0) }
        guard value.contains("-"), parts.count == 2, parts[1] == parts[0] + 1, (1990...2100).contains(parts[0]) else {
            fail(column, "Năm học có dạng 2025-2026", "School years look like 2025-2026")
            return nil
        }
        return "\(parts[0])-\(parts[1])"
    }

    mutating func phone(_ column: String) -> String {
        let value = text(column)
        guard !value.isEmpty else { return "" }
        guard let number = PhoneNumber(value) else {
            fail(column, PhoneNumber.rule.vi, PhoneNumber.rule.en)
            return ""
        }
        return number.digits
    }
}

import Foundation
