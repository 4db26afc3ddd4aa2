import Admissions
import Testing

@Suite struct PointsTests {
    @Test(arguments: [("37.75", 3775), ("8", 800), ("8.5", 850), (".5", 50), ("0", 0), ("8.50", 850), ("8.500", 850), ("10.", 1000)])
    func reads(text: String, hundredths: Int64) {
        #expect(Points(text)?.hundredths == hundredths)
    }

    @Test(arguments: ["", ".", "-1", "+1", "8.555", "8.501", "1,5", "1.2.3", "abc", "1e3", " 1", "1 000"])
    func refuses(text: String) {
        #expect(Points(text) == nil)
    }

    @Test func addsExactly() throws {
        // 0.1 + 0.2 in binary floating point is not 0.3; in hundredths it is.
        #expect(try #require(Points("0.1")) + #require(Points("0.2")) == Points("0.3"))
        #expect(try (#require(Points("37.75")) + #require(Points("0.5"))).description == "38.25")
    }

    @Test func printsTwoDecimals() {
        #expect(Points(hundredths: 3800).description == "38.00")
        #expect(Points(hundredths: 5).description == "0.05")
        #expect(Points(hundredths: -150).description == "-1.50")
    }
}
