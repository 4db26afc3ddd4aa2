import EduCore
import Foundation

/// The folder an import's page scans are in (`eduvn credentials import --scans`, by default the register file's own
/// folder). A `page_image` cell names a file in it, in a sub-folder if need be, never outside it.
public struct ScanFolder: Sendable {
    public let root: URL

    public init(path: String) {
        root = URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
    }

    /// The scan a cell names, read whole.
    public func scan(_ name: String) throws -> PageScan {
        let url = try file(name)
        guard let data = FileManager.default.contents(atPath: url.path) else { throw Self.missing }
        return try PageScan(content: [UInt8](data))
    }

    /// Why the scan a cell names cannot be used, reading only its size and first bytes; nil when it can.
    public func problem(_ name: String) -> Bilingual? {
        do {
            let handle = try FileHandle(forReadingFrom: try file(name))
            defer { try? handle.close() }
            let head = [UInt8](try handle.read(upToCount: PageScan.headLength) ?? Data())
            // The size of what was opened: a symbolic link's own size would be its target's name.
            try PageScan.check(size: Int(try handle.seekToEnd()), head: head)
            return nil
        } catch let error as EduError {
            return error.message
        } catch {
            return Self.missing.message
        }
    }

    private func file(_ name: String) throws -> URL {
        let parts = name.split(whereSeparator: { $0 == "/" || $0 == "\\" })
        guard !name.hasPrefix("/"), !parts.isEmpty, !parts.contains(where: { $0 == ".." || $0 == "." }) else {
            throw EduError("scans.path", vi: "Tên tệp ảnh phải nằm trong thư mục ảnh (không dùng đường dẫn tuyệt đối hay ..)",
                           en: "The scan's file name must be inside the scans folder (no absolute path, no ..)")
        }
        let url = parts.reduce(root) { $0.appendingPathComponent(String($1)) }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else { throw Self.missing }
        return url
    }

    private static let missing = EduError("scans.missing", vi: "Không thấy tệp ảnh này trong thư mục ảnh", en: "No such file in the scans folder")
}
