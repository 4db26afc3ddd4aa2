import EduCore
import Foundation
import Testing

@Suite struct JSONTextTests {
    /// Every ASCII character, some Vietnamese and odd Unicode, nulls: the bytes must equal
    /// JSONEncoder's, because audit hashes made either way must match.
    @Test func writesWhatJSONEncoderWrites() throws {
        var ascii = ""
        for value in 0..<0x80 { ascii.unicodeScalars.append(Unicode.Scalar(value)!) }
        var random = SystemRandomNumberGenerator()
        let alphabet = Array(ascii) + Array("Nguyễn Văn Ánh \u{2028}\u{FEFF}😀/\\\"")
        for _ in 0..<500 {
            let fields: [String?] = (0..<Int.random(in: 0...6, using: &random)).map { _ in
                Bool.random(using: &random) ? nil : String((0..<Int.random(in: 0...20, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
            }
            #expect(JSONText.array(fields) == Array(try JSONEncoder().encode(fields)))
        }
        #expect(JSONText.array([ascii, nil]) == Array(try JSONEncoder().encode([ascii, nil])))
    }
}

/// A flat record written directly must be the bytes `JSONEncoder.sorted` writes for the same struct: stored audit
/// snapshots were made with the encoder, and an unchanged record must compare equal.
@Suite struct JSONObjectTests {
    struct Record: Encodable {
        let name: String, code: String?, count: Int, note: String
    }

    @Test func writesWhatTheSortedEncoderWrites() throws {
        var random = SystemRandomNumberGenerator()
        let alphabet = Array("abc Nguyễn Ánh/\\\"\n\t\u{1}\u{2028}😀")
        func text() -> String { String((0..<Int.random(in: 0...12, using: &random)).map { _ in alphabet.randomElement(using: &random)! }) }
        for _ in 0..<300 {
            let record = Record(name: text(), code: Bool.random(using: &random) ? nil : text(), count: Int.random(in: -5...100_000, using: &random),
                                note: text())
            let written = JSONText.object([("name", .text(record.name)), ("code", record.code.map { .text($0) }),
                                           ("count", .integer(record.count)), ("note", .text(record.note))])
            #expect(written == String(decoding: try JSONEncoder.sorted.encode(record), as: UTF8.self))
        }
    }
}
