import EduCore
import Tabular

/// A register file's checked rows, kept in an unlinked temporary file (`FieldSpool`) instead of memory: a register of a
/// million lines holds half a gigabyte as values. Read back in chunks, as often as needed, in the order written.
public final class RegisterRows: @unchecked Sendable {
    private let spool: FieldSpool
    public private(set) var count = 0

    public init() throws {
        spool = try FieldSpool()
    }

    /// Rows already in memory (a settled double entry, a test).
    public convenience init(_ rows: [RegisterFile.Row]) throws {
        try self.init()
        for row in rows { try append(row) }
    }

    func append(_ row: RegisterFile.Row) throws {
        let entry = row.entry
        try spool.append([String(row.row), entry.kind.rawValue, entry.serial, entry.registerNumber, entry.fullName, entry.dateOfBirth.iso,
                          entry.gender?.rawValue, entry.birthplace, entry.nationalID?.digits, entry.school, String(entry.graduationYear),
                          entry.classification, entry.decisionNumber, entry.decisionDate.iso, entry.ethnicity, entry.signer, row.pageImage])
        count += 1
    }

    /// The rows in order, `size` at a time (the last chunk may be shorter).
    public func chunks(of size: Int) throws -> Chunks {
        Chunks(fields: try spool.rows(), size: size)
    }

    /// Every row at once: for small registers only.
    public func all() throws -> [RegisterFile.Row] {
        var chunks = try chunks(of: 1000), rows: [RegisterFile.Row] = []
        while let chunk = try chunks.next() { rows += chunk }
        return rows
    }

    public struct Chunks {
        fileprivate var fields: FieldSpool.Rows
        fileprivate let size: Int

        public mutating func next() throws -> [RegisterFile.Row]? {
            var chunk: [RegisterFile.Row] = []
            chunk.reserveCapacity(size)
            while chunk.count < size, let row = try fields.next() { chunk.append(try Self.row(row)) }
            return chunk.isEmpty ? nil : chunk
        }

        /// A row as `append` wrote it; it was checked before, so anything unreadable means the spool is damaged.
        private static func row(_ fields: [String?]) throws -> RegisterFile.Row {
            guard fields.count == 17, let line = fields[0].flatMap({ Int($0) }), let kind = fields[1].flatMap(CredentialKind.init(rawValue:)),
                  let serial = fields[2], let number = fields[3], let name = fields[4], let birth = fields[5].flatMap(CalendarDate.init(iso:)),
                  let birthplace = fields[7], let school = fields[9], let year = fields[10].flatMap({ Int($0) }), let classification = fields[11],
                  let decision = fields[12], let decided = fields[13].flatMap(CalendarDate.init(iso:)), let ethnicity = fields[14],
                  let signer = fields[15]
            else { throw EduError("import.spool", vi: "Tệp tạm của lần nhập bị hỏng", en: "The import's temporary file is damaged") }
            return RegisterFile.Row(row: line, entry: RegisterEntryDraft(
                kind: kind, serial: serial, registerNumber: number, fullName: name, dateOfBirth: birth, gender: fields[6].flatMap(Gender.init(rawValue:)),
                birthplace: birthplace, nationalID: fields[8].flatMap { NationalID($0) }, school: school, graduationYear: year,
                classification: classification, decisionNumber: decision, decisionDate: decided, ethnicity: ethnicity, signer: signer),
                pageImage: fields[16])
        }
    }
}
