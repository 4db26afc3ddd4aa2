/// An error that people can read: a stable code for programs and a bilingual message.
public struct EduError: Error, Sendable, Hashable, CustomStringConvertible {
    public let code: String
    public let message: Bilingual

    public init(_ code: String, vi: String, en: String) {
        self.code = code
        self.message = Bilingual(vi: vi, en: en)
    }

    public var description: String { "\(code): \(message)" }
}

/// One problem found in one cell of an input file.
public struct RowProblem: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Line or row number in the file as a spreadsheet shows it (the header is row 1).
    public let row: Int
    public let column: String
    public let value: String
    public let reason: Bilingual

    public init(row: Int, column: String, value: String, reason: Bilingual) {
        self.row = row
        self.column = column
        self.value = value
        self.reason = reason
    }

    public init(row: Int, column: String, value: String, vi: String, en: String) {
        self.init(row: row, column: column, value: value, reason: Bilingual(vi: vi, en: en))
    }

    public var description: String {
        "dòng/row \(row), cột/column \(column), giá trị/value \"\(value)\": \(reason)"
    }
}

/// A whole input rejected, with every problem found in it.
public struct InputRejected: Error, Sendable, CustomStringConvertible {
    public let problems: [RowProblem]
    /// The file's name, when the problems belong to one of several files read together.
    public let file: String?

    public init(_ problems: [RowProblem], file: String? = nil) {
        self.problems = problems
        self.file = file
    }

    public var description: String {
        problems.map { problem in file.map { "\($0): \(problem)" } ?? problem.description }.joined(separator: "\n")
    }
}
