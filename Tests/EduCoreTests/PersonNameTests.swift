import EduCore
import Foundation
import Testing

@Suite struct PersonNameTests {
    @Test func foldingIgnoresDiacriticsCaseAndDStroke() {
        #expect(PersonName.foldedKey("Nguyễn Văn A") == "nguyen van a")
        #expect(PersonName.foldedKey("ĐẶNG THỊ ĐÀO") == "dang thi dao")
    }

    /// Stored search keys were made with Foundation's folding; the faster folding must agree on
    /// every Vietnamese letter in every case, composed or not, or old keys would stop matching.
    @Test func foldingAgreesWithFoundationOnEveryVietnameseLetter() {
        let bases = "aăâeêioôơuưyAĂÂEÊIOÔƠUƯYđĐbcdghklmnpqrstvxBCDGHKLMNPQRSTVX"
        let tones = ["", "\u{0300}", "\u{0301}", "\u{0303}", "\u{0309}", "\u{0323}"]
        for base in bases {
            for tone in tones {
                for letter in ["\(base)\(tone)".precomposedStringWithCanonicalMapping, "\(base)\(tone)".decomposedStringWithCanonicalMapping] {
                    let foundation = letter.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
                        .replacingOccurrences(of: "đ", with: "d").replacingOccurrences(of: "Đ", with: "d").lowercased()
                    #expect(PersonName.foldedKey(letter) == foundation, "\(letter.unicodeScalars.map(\.value))")
                }
            }
        }
    }

    @Test func toneMarkPlacementDoesNotMatter() {
        // "Hoà" (tone on a) and "Hòa" (tone on o) are the same name written two ways.
        #expect(PersonName.foldedKey("Hoà") == PersonName.foldedKey("Hòa"))
    }

    @Test func storedNamesAreNFCWithSingleSpaces() {
        let decomposed = "Nguye\u{0302}\u{0303}n  Va\u{0306}n   A "
        let stored = PersonName.normalized(decomposed)
        #expect(stored == "Nguyễn Văn A")
        #expect(stored.unicodeScalars.count == "Nguyễn Văn A".unicodeScalars.count)
        #expect(PersonName.normalized("\u{00A0}Lê\tThị\u{3000}Hà\n") == "Lê Thị Hà")
        #expect(PersonName.normalized("Lê Thị Hà") == "Lê Thị Hà")
        #expect(PersonName.normalized(" ") == "")
    }

    @Test(arguments: ["", "Nguyễn Văn 3", "A<script>"])
    func rejectsNamesThatAreNotNames(_ name: String) {
        #expect(PersonName.problem(name) != nil)
    }

    @Test(arguments: ["Nguyễn Văn A", "H'Hen Niê", "Trần-Lê Minh"])
    func acceptsRealNames(_ name: String) {
        #expect(PersonName.problem(name) == nil)
    }
}

@Suite struct CalendarDateTests {
    @Test func readsISOAndVietnameseForms() throws {
        #expect(try CalendarDate.parse("2015-09-05").get() == CalendarDate(year: 2015, month: 9, day: 5))
        #expect(try CalendarDate.parse("05/09/2015").get() == CalendarDate(year: 2015, month: 9, day: 5))
        #expect(try CalendarDate.parse("5/9/2015").get() == CalendarDate(year: 2015, month: 9, day: 5))
    }

    @Test(arguments: ["30/02/2015", "2015-02-30", "31/04/2015", "29/02/2015", "05/09/15", "2015/09/05", "sept 5", "13/13/2015"])
    func rejectsImpossibleOrAmbiguousDates(_ text: String) {
        #expect(throws: Bilingual.self) { try CalendarDate.parse(text).get() }
    }

    @Test func leapDays() {
        #expect(CalendarDate(year: 2016, month: 2, day: 29) != nil)
        #expect(CalendarDate(year: 1900, month: 2, day: 29) == nil)
        #expect(CalendarDate(year: 2000, month: 2, day: 29) != nil)
    }
}
