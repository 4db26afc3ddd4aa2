import Foundation
import Testing
@testable import Tabular

/// The legacy decoders, letter by letter against Fixtures/vietnamese-letters.tsv (TCVN3 and Windows-1258 bytes from
/// glibc iconv, VNI bytes from the fixture script's own encoder of the published table), and on words as they look
/// in Excel when the font is missing.
@Suite struct LegacyDecodingTests {
    static let letters: [[String]] = {
        let text = (try? String(contentsOfFile: fixture("vietnamese-letters.tsv"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").dropFirst().map { $0.split(separator: "\t").map(String.init) }
    }()

    static func bytes(_ hex: String) -> [UInt8] {
        stride(from: 0, to: hex.count, by: 2).map { UInt8(hex.dropFirst($0).prefix(2), radix: 16)! }
    }

    @Test(arguments: [(LegacyEncoding.tcvn3, 1), (.vni, 2), (.windows1258, 3)])
    func everyLetterInBothCases(encoding: LegacyEncoding, column: Int) throws {
        #expect(Self.letters.count == 146, "73 letters, lower and upper case")
        for row in Self.letters {
            let bytes = Self.bytes(row[column])
            #expect(try encoding.decode(bytes) == row[0], "\(row[0]) from \(row[column])")
            // What a spreadsheet holds is the bytes shown as Windows-1252 text; the bytes come back from it unchanged.
            #expect(ByteView.bytes(ByteView.text(bytes)) == bytes)
        }
    }

    /// Every letter in both cases, as UTF-8 read as Windows-1252 shows it (the bytes are UTF-8's), comes back.
    @Test func everyLetterGarbledFromUTF8ComesBack() throws {
        for row in Self.letters {
            let garbled = ByteView.text(Array(row[0].utf8))
            #expect(garbled != row[0] || row[0].allSatisfy(\.isASCII), "only plain letters read the same")
            #expect(try LegacyEncoding.utf8ReadAsWindows1252.decode(try #require(ByteView.bytes(garbled))) == row[0], "\(row[0]) from \(garbled)")
        }
        #expect(ByteView.text(Array("Nguyễn".utf8)) == "Nguyá»…n", "what a spreadsheet shows for such text")
    }

    @Test func wordsAsExcelShowsThem() throws {
        let cases: [(LegacyEncoding, String, String)] = [
            (.tcvn3, "ViÖt Nam", "Việt Nam"), (.tcvn3, "Hµ Néi", "Hà Nội"), (.tcvn3, "§µo Thanh H»ng", "Đào Thanh Hằng"),
            (.vni, "Vieät Nam", "Việt Nam"), (.vni, "Haø Noäi", "Hà Nội"), (.vni, "Ñaøo Thanh Haèng", "Đào Thanh Hằng"),
            (.vni, "NGUYEÃN THÒ NGOÏC", "NGUYỄN THỊ NGỌC"), (.vni, "Tröông", "Trương"),
            (.windows1258, "Viêòt Nam", "Việt Nam"),
        ]
        for (encoding, shown, meant) in cases {
            let bytes = try #require(ByteView.bytes(shown))
            #expect(try encoding.decode(bytes) == meant)
        }
        #expect(ByteView.bytes("Việt Nam") == nil, "Unicode text has characters no byte stands for")
    }
}
