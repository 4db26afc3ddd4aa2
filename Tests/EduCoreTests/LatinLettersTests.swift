import Testing
@testable import EduCore

/// The fast paths of `nfc` and `foldedForSearch` (a table of the letters Vietnamese is written in) answer exactly as
/// the general Unicode paths do: stored names and search keys must not change with the path taken. Compared byte for
/// byte: Swift's `==` on strings holds canonically equivalent texts equal, NFC or not.
@Suite struct LatinLettersTests {
    static let scalars = (0x09..<0x80).compactMap(Unicode.Scalar.init) + (0x80..<0x250).compactMap(Unicode.Scalar.init)
        + (0x1E00..<0x1F00).compactMap(Unicode.Scalar.init)

    @Test func everyLetterOnItsOwn() {
        for scalar in Self.scalars {
            let text = String(scalar)
            #expect(Array(text.nfc.utf8) == Array(text.nfcByUnicode.utf8), "U+\(String(scalar.value, radix: 16))")
            #expect(Array(text.foldedForSearch.utf8) == Array(text.foldedByUnicode.utf8), "U+\(String(scalar.value, radix: 16))")
        }
    }

    /// Two letters side by side never compose, so text the table calls NFC is NFC.
    @Test func everyPairOfLetters() {
        for first in Self.scalars {
            for second in Self.scalars {
                let text = String(first) + String(second)
                if Array(text.nfc.utf8) != Array(text.nfcByUnicode.utf8) {
                    Issue.record("U+\(String(first.value, radix: 16)) U+\(String(second.value, radix: 16))")
                }
            }
        }
    }

    /// Texts mixing the table's letters with combining marks, other scripts and white space: the same either way.
    @Test func mixedTexts() {
        var generator = SeededRandom(seed: 7)
        let others: [Unicode.Scalar] = ["\u{0301}", "\u{0323}", "\u{0302}", "\u{00A0}", "\u{3000}", "\t", "ß", "Ω", "Я", "中", "\u{1F600}", "İ", "ǅ"]
        for _ in 0..<5000 {
            var text = String.UnicodeScalarView()
            for _ in 0..<Int(generator.next() % 12) {
                let pick = Int(generator.next() % UInt64(Self.scalars.count + others.count))
                text.append(pick < Self.scalars.count ? Self.scalars[pick] : others[pick - Self.scalars.count])
            }
            let string = String(text)
            #expect(Array(string.nfc.utf8) == Array(string.nfcByUnicode.utf8), "\(string.unicodeScalars.map(\.value))")
            #expect(Array(string.foldedForSearch.utf8) == Array(string.foldedByUnicode.utf8), "\(string.unicodeScalars.map(\.value))")
            #expect(Array(PersonName.normalized(string).utf8) == Array(PersonName.normalized(string.nfcByUnicode).utf8))
        }
    }
}
