import EduCore
import Foundation
@testable import Signing
import Testing

@Suite("PDF reader")
struct PDFReaderTests {
    private func parse(_ text: String) throws(EduError) -> PDFObject {
        var parser = PDFParser(Array(text.utf8)[...], at: 0)
        return try parser.object()
    }

    @Test func readsTheObjectsOfPDFSyntax() throws {
        #expect(try parse("(a (nested) \\(x\\) \\101\\n line\\\r\ncontinued)") == .string(Array("a (nested) (x) A\n linecontinued".utf8)))
        #expect(try parse("<48 65 6C6C 6F 7>") == .string(Array("Hello".utf8) + [0x70]))
        #expect(try parse("/A#20B#2f") == .name("A B/"))
        #expect(try parse("[1 0 R 2 -3.5 +4 .5 true null /N]") == .array([
            .reference(PDFReference(number: 1, generation: 0)), .integer(2), .real("-3.5"), .integer(4), .real(".5"),
            .boolean(true), .null, .name("N"),
        ]))
        #expect(try parse("<< /A 1 % a comment\n /B null /C [] >>") == .dictionary(PDFDictionary(["A": .integer(1), "C": .array([])])))
    }

    @Test(arguments: [
        "<< /A 1 /A 2 >>",  // a key twice: readers could disagree on its value
        String(repeating: "[", count: 200) + String(repeating: "]", count: 200),
        "99999999999999999999",
        "(unterminated",
        "<4G>",
        "<< /A >>",
        "<< 1 2 >>",
        "endobj",
        "",
    ])
    func refusesBrokenSyntax(_ text: String) {
        #expect(throws: EduError.malformedPDF) { try parse(text) }
    }

    @Test func readsAClassicCrossReferenceTable() throws {
        let file = try PDFFile(PDFFixture.document(pages: 3)[...])
        #expect(!file.usesCrossReferenceStreams)
        #expect(try file.pages().count == 3)
        #expect(file.nextObjectNumber == 10)
        #expect(try file.catalog().has("Type", name: "Catalog"))
    }

    @Test(.enabled(if: PDFTool.qpdf.isAvailable || Python.requiredByCI))
    func readsCrossReferenceAndObjectStreams() throws {
        let pdf = try PDFTool.qpdf.rewrite(PDFFixture.document(pages: 3), ["--object-streams=generate"])
        let file = try PDFFile(pdf[...])
        #expect(file.usesCrossReferenceStreams)
        #expect(file.entries.values.contains { if case .inObjectStream = $0 { true } else { false } })
        #expect(try file.pages().count == 3)
        for number in file.entries.keys {
            _ = try file.object(PDFReference(number: number, generation: 0))
        }
    }

    @Test(.enabled(if: PDFTool.qpdf.isAvailable || Python.requiredByCI))
    func readsLinearizedAndHybridFiles() throws {
        for arguments in [["--linearize"], ["--object-streams=generate", "--linearize"]] {
            let pdf = try PDFTool.qpdf.rewrite(PDFFixture.document(pages: 4), arguments)
            #expect(try PDFFile(pdf[...]).pages().count == 4, "\(arguments)")
        }
    }

    @Test func refusesTruncatedFiles() {
        let pdf = PDFFixture.document()
        for length in [0, 10, pdf.count / 2, pdf.count - 3] {
            #expect(throws: EduError.malformedPDF) { try PDFFile(pdf.prefix(length)) }
        }
    }

    @Test func refusesACrossReferenceChainThatLoops() throws {
        var pdf = PDFFixture.document()
        let start = try PDFFile(pdf[...]).startxref
        let trailer = try #require(PDFSyntax.lastIndex(of: "/Root", in: pdf[...], endingBy: pdf.count))
        pdf.insert(contentsOf: Array("/Prev \(start) ".utf8), at: trailer)
        #expect(throws: EduError.malformedPDF) { try PDFFile(pdf[...]) }
    }

    @Test func refusesEncryptedFiles() throws {
        var pdf = PDFFixture.document()
        let trailer = try #require(PDFSyntax.lastIndex(of: "/Root", in: pdf[...], endingBy: pdf.count))
        pdf.insert(contentsOf: Array("/Encrypt 3 0 R ".utf8), at: trailer)
        #expect(throws: EduError.encryptedPDF) { try PDFFile(pdf[...]) }
    }

    @Test func readsPDFDates() {
        #expect(PDFDate.date(Array("D:20261105102233Z".utf8)) == Date(timeIntervalSince1970: 1_793_874_153))
        #expect(PDFDate.date(Array("D:20261105172233+07'00'".utf8)) == Date(timeIntervalSince1970: 1_793_874_153))
        #expect(PDFDate.date(Array("D:2026".utf8)) == Date(timeIntervalSince1970: 1_767_225_600))
        #expect(PDFDate.date(Array("D:20261305".utf8)) == nil)
        #expect(PDFDate.date(Array("yesterday".utf8)) == nil)
        let time = Date(timeIntervalSince1970: 1_790_000_000)
        #expect(PDFDate.date(Array(PDFDate.string(time).utf8)) == time)
    }

    @Test func foldsVietnameseToASCIIForTheSignatureBlock() {
        #expect(SignatureAppearance.ascii("DEMO – Nguyễn Thị Hoà, Đặng Ước") == "DEMO - Nguyen Thi Hoa, Dang Uoc")
        #expect(SignatureAppearance.ascii("日本") == "??")
    }
}
