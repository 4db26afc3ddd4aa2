import EduCore
import Foundation

/// How a CSV file's bytes encode text, told by its byte-order mark (UTF-8 needs none).
enum TextEncoding {
    case utf8, utf16LittleEndian, utf16BigEndian

    static let brokenUTF16 = Bilingual(vi: "UTF-16 bị lỗi", en: "broken UTF-16")
    static let utf16WithoutMark = Bilingual(
        vi: "UTF-16 không có dấu BOM, hoặc một tệp nhị phân",
        en: "UTF-16 without a byte-order mark, or a binary file")

    init(head: FileHead) {
        if head.starts(with: [0xFF, 0xFE]) {
            self = .utf16LittleEndian
        } else if head.starts(with: [0xFE, 0xFF]) {
            self = .utf16BigEndian
        } else {
            self = .utf8
        }
    }
}

/// Converts a UTF-16 file (Excel's “Unicode Text”) to a UTF-8 copy chunk by chunk, so every CSV
/// is parsed and checked the same way and memory stays flat.
enum UTF16Transcoder {
    private static let chunkSize = 64 * 1024

    static func utf8Copy(of path: String, bigEndian: Bool, to output: URL) throws {
        guard let input = FileHandle(forReadingAtPath: path) else { throw TableError.unreadable(path) }
        defer { try? input.close() }
        let out = try BufferedFile(creating: output)
        var pending = [UInt8]()
        var isFirstChunk = true
        while true {
            let chunk: Data
            do { chunk = try input.read(upToCount: chunkSize) ?? Data() } catch { throw TableError.unreadable(path) }
            if chunk.isEmpty { break }
            var bytes = pending + [UInt8](chunk)
            if isFirstChunk {
                bytes.removeFirst(2)  // the byte-order mark
                isFirstChunk = false
            }
            let units = stride(from: 0, to: bytes.count - 1, by: 2).map { index -> UInt16 in
                let (high, low) = bigEndian ? (bytes[index], bytes[index + 1]) : (bytes[index + 1], bytes[index])
                return UInt16(high) << 8 | UInt16(low)
            }
            // A chunk may end inside a surrogate pair or a code unit: carry that over.
            let carried = units.last.map { UTF16.isLeadSurrogate($0) } == true ? 1 : 0
            guard let text = String(validating: units.dropLast(carried), as: UTF16.self) else {
                throw TableError.encoding(path, appearsToBe: TextEncoding.brokenUTF16)
            }
            try out.append(text)
            pending = Array(bytes.dropFirst((units.count - carried) * 2))
        }
        guard pending.isEmpty else { throw TableError.encoding(path, appearsToBe: TextEncoding.brokenUTF16) }
        try out.close()
    }
}
