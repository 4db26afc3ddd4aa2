import EduCore
import Foundation

/// The first bytes of a file: enough to tell what it really is, whatever its name says.
struct FileHead {
    static let length = 64 * 1024

    let bytes: [UInt8]
    let size: Int64

    static func read(path: String) throws -> FileHead {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
              let handle = FileHandle(forReadingAtPath: path)
        else { throw TableError.unreadable(path) }
        defer { try? handle.close() }
        do {
            let bytes = try handle.read(upToCount: length) ?? Data()
            let size = try handle.seekToEnd()
            return FileHead(bytes: [UInt8](bytes), size: Int64(size))
        } catch {
            throw TableError.unreadable(path)
        }
    }

    /// Local file header, empty archive, spanned archive.
    private static let zipSignatures: [[UInt8]] = [[0x50, 0x4B, 0x03, 0x04], [0x50, 0x4B, 0x05, 0x06], [0x50, 0x4B, 0x07, 0x08]]

    enum Kind {
        case zip, ole2, markup, text, binary
    }

    var kind: Kind {
        if Self.zipSignatures.contains(where: starts) { return .zip }
        if starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { return .ole2 }
        if starts(with: [0xFF, 0xFE]) || starts(with: [0xFE, 0xFF]) { return .text }
        if bytes.contains(0) { return .binary }
        // Past a UTF-8 BOM and white space, markup starts with "<".
        let visible = bytes.drop(while: { [0xEF, 0xBB, 0xBF, 0x20, 0x09, 0x0A, 0x0D].contains($0) })
        return visible.first == UInt8(ascii: "<") ? .markup : .text
    }

    func starts(with prefix: [UInt8]) -> Bool {
        bytes.starts(with: prefix)
    }

    static let zipDescription = Bilingual(
        vi: "một tệp nén ZIP không chứa bảng tính Excel", en: "a ZIP archive without an Excel workbook inside")

    /// What a file that should have been an .xlsx appears to be, for `file.not_xlsx`.
    var impostorDescription: Bilingual {
        switch kind {
        case .ole2:
            Bilingual(vi: "tệp Excel 97–2003 (.xls) dạng nhị phân cũ, hoặc tệp đã đặt mật khẩu",
                      en: "an old binary Excel 97–2003 (.xls) workbook, or a password-protected file")
        case .markup:
            Bilingual(vi: "một trang web (HTML) hoặc tệp XML được đặt tên như tệp Excel",
                      en: "a web page (HTML) or an XML file given an Excel name")
        case .text:
            Bilingual(vi: "một tệp văn bản hoặc CSV bị đổi tên", en: "a text or CSV file that was renamed")
        case .zip:
            Self.zipDescription
        case .binary:
            Bilingual(vi: "một tệp nhị phân không phải bảng tính", en: "a binary file that is not a spreadsheet")
        }
    }
}
