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
