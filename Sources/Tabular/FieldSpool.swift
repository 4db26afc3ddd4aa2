import EduCore
import Foundation

/// Rows of text fields in a temporary file, written once and read back in order: what an
/// import keeps between its passes without holding a large file in memory.
/// The file holds personal data, so its name is removed as soon as it is open: only the two
/// handles reach it, and a crash or `kill -9` leaves nothing on disk.
/// One side uses it at a time: phase 1 writes it on its thread, then phase 2 reads it on another. Reading again
/// (`rows()`) starts from the first row.
public final class FieldSpool: @unchecked Sendable {
    private let writer: FileHandle
    private let reader: FileHandle
    private var buffer: [UInt8] = []
    /// Rows appended so far.
    public private(set) var count = 0
    private static let bufferLimit = 1 << 20

    public init() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("eduvn-spool-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600])
        writer = try FileHandle(forWritingTo: url)
        reader = try FileHandle(forReadingFrom: url)
        try FileManager.default.removeItem(at: url)
    }

    deinit {
        try? writer.close()
        try? reader.close()
    }

    // Each row is a 4-byte field count, then per field a 4-byte length (all ones for nil) and
    // its UTF-8: far cheaper than any text format for a million rows.
    private static let absent = UInt32.max

    public func append(_ fields: [String?]) throws {
        count += 1
        Self.append(UInt32(fields.count), to: &buffer)
        for field in fields {
            Self.append(field.map { UInt32($0.utf8.count) } ?? Self.absent, to: &buffer)
            if let field { buffer.append(contentsOf: field.utf8) }
        }
        if buffer.count >= Self.bufferLimit { try writeBuffer() }
    }

    /// Reads the rows from the start; call after the last `append`.
    public func rows() throws -> Rows {
        try writeBuffer()
        try reader.seek(toOffset: 0)
        return Rows(reader: reader)
    }

    private func writeBuffer() throws {
        try writer.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    private static func append(_ number: UInt32, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: number.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// The spooled rows in order, read a megabyte at a time.
    public struct Rows {
        fileprivate let reader: FileHandle
        private var pending: [UInt8] = []
        private var cursor = 0

        fileprivate init(reader: FileHandle) {
            self.reader = reader
        }

        public mutating func next() throws -> [String?]? {
            while true {
                if let row = parseRow() { return row }
                guard let data = try reader.read(upToCount: FieldSpool.bufferLimit), !data.isEmpty else {
                    guard cursor == pending.count else { throw EduError("import.spool", vi: "Tệp tạm của lần nhập bị cắt ngắn",
                                                                   en: "The import's temporary file was cut short") }
                    return nil
                }
                // Keep only the unfinished row; dropping each row as it is read would be quadratic.
                pending.removeFirst(cursor)
                cursor = 0
                pending += data
            }
        }

        /// The row at the cursor, moving past it; nil when the buffer ends first.
        private mutating func parseRow() -> [String?]? {
            var position = cursor
            guard let count = number(at: &position) else { return nil }
            var fields: [String?] = []
            fields.reserveCapacity(Int(count))
            for _ in 0..<count {
                guard let length = number(at: &position) else { return nil }
                if length == FieldSpool.absent { fields.append(nil); continue }
                guard position + Int(length) <= pending.count else { return nil }
                fields.append(String(decoding: pending[position..<position + Int(length)], as: UTF8.self))
                position += Int(length)
            }
            cursor = position
            return fields
        }

        private func number(at position: inout Int) -> UInt32? {
            guard position + 4 <= pending.count else { return nil }
            defer { position += 4 }
            return pending.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: position, as: UInt32.self) }.littleEndian
        }
    }
}
