import EduCore
import Foundation
import Tabular
import ZIPFoundation

/// The batch a school sends the Ministry's database for a school year: one ZIP with `hoc-ba.jsonl` (a line per
/// student: the personal ID, the student code, the version, the signatures and the học bạ's data, byte for byte as
/// signed) and `pdf/PERSONAL_ID-vN.pdf`. Written whole or not at all.
public enum HocBaArchive {
    public struct Item: Sendable {
        public let personalID: String?
        public let version: HocBaVersion

        public init(personalID: String?, version: HocBaVersion) {
            self.personalID = personalID
            self.version = version
        }
    }

    public static func write(_ items: [Item], to path: String) throws {
        let output = AtomicOutput(path: path)
        do {
            try output.writing {
                let archive = try Archive(url: output.partial, accessMode: .create)
                var lines = ""
                for item in items {
                    let key = item.personalID ?? "student-\(item.version.studentID)"
                    let pdfPath = "pdf/\(key)-v\(item.version.version).pdf"
                    // The data as the PDF's digest covers it, embedded unchanged.
                    lines += "{\"personal_id\":\(json(item.personalID)),\"student_code\":\(json(item.version.document.studentCode)),"
                        + "\"version\":\(item.version.version),\"signatures\":\(item.version.signatures),\"pdf\":\(json(pdfPath)),"
                        + "\"hoc_ba\":\(item.version.json)}\n"
                    try add(Data(item.version.pdf), as: pdfPath, to: archive)
                }
                try add(Data(lines.utf8), as: "hoc-ba.jsonl", to: archive)
            }
            try output.commit()
        } catch {
            output.discard()
            throw error
        }
    }

    private static func json(_ text: String?) -> String {
        guard let text else { return "null" }
        var bytes: [UInt8] = []
        JSONText.appendString(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func add(_ data: Data, as path: String, to archive: Archive) throws {
        try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
        }
    }
}
