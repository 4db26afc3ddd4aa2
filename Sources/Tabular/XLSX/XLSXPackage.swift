import EduCore
import Foundation
import ZIPFoundation

/// An .xlsx archive whose parts are extracted on demand, each to its own file in a private temp folder
/// (never under the entry's own path, so no entry name can reach outside the folder).
final class XLSXPackage {
    let path: String
    private let archive: Archive
    private let folder: TemporaryFolder

    init(path: String) throws {
        self.path = path
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw TableError.notXLSX(path, appearsToBe: Bilingual(
                vi: "một tệp ZIP bị hỏng hoặc chưa tải lên hết", en: "a damaged or partly uploaded ZIP file"))
        }
        folder = try TemporaryFolder()
    }

    deinit {
        folder.remove()
    }

    /// The extracted part, or nil when the archive has no such part.
    func extract(_ part: String) throws -> URL? {
        guard let entry = archive[part] else { return nil }
        let url = folder.file(UUID().uuidString)
        do {
            _ = try archive.extract(entry, to: url)
        } catch {
            throw TableError.xlsxMalformed(path, part: part)
        }
        return url
    }

    /// Parses a part that must be there.
    func parse(_ part: String, with events: XMLEvents) throws {
        guard let url = try extract(part) else { throw TableError.xlsxMalformed(path, part: part) }
        try events.parse(url) { TableError.xlsxMalformed(path, part: part) }
    }

    /// The error for a ZIP without a workbook, telling an OpenDocument spreadsheet apart.
    func notAWorkbook() -> EduError {
        // Only OpenDocument packages start with a "mimetype" entry.
        TableError.notXLSX(path, appearsToBe: archive["mimetype"] != nil
            ? Bilingual(vi: "một bảng tính OpenDocument (.ods)", en: "an OpenDocument spreadsheet (.ods)")
            : FileHead.zipDescription)
    }
}
