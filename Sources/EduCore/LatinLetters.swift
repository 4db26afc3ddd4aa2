/// What the general Unicode paths answer for each letter Vietnamese text is written in (Latin-1 Supplement, Latin
/// Extended-A and -B, Latin Extended Additional), worked out once from those paths: a large import reads millions of
/// names and addresses, and looking up Unicode properties for each of their characters took a tenth of its time.
///
/// Text made only of ASCII and these letters takes the fast paths of `String.nfc` and `String.foldedForSearch`; any
/// other character (a combining mark, another script) sends the whole text down the general path.
enum LatinLetters {
    /// Per scalar: bit 7 set when the scalar is its own NFC, combines with nothing before it and is not white space;
    /// bits 0–6 the one ASCII byte it folds to for search (0: it folds to something else).
    private static let low = entries(0x80..<0x250)
    private static let high = entries(0x1E00..<0x1F00)
    private static let stable: UInt8 = 0x80

    private static func entries(_ range: Range<UInt32>) -> [UInt8] {
        range.map { value in
            guard let scalar = Unicode.Scalar(value) else { return 0 }
            let text = String(scalar)
            let folded = Array(text.foldedByUnicode.utf8)
            let fold = folded.count == 1 && folded[0] < 0x80 ? folded[0] : 0
            let isStable = Array(text.nfcByUnicode.unicodeScalars) == [scalar]
                && scalar.properties.canonicalCombiningClass == .notReordered && !scalar.properties.isWhitespace
            return fold | (isStable ? stable : 0)
        }
    }

    private static func entry(_ value: UInt32) -> UInt8? {
        switch value {
        case 0x80..<0x250: low[Int(value - 0x80)]
        case 0x1E00..<0x1F00: high[Int(value - 0x1E00)]
        default: nil
        }
    }

    /// Whether the text is in NFC by the table alone: ASCII is, and so is text of these letters, each its own NFC. No
    /// scalar of these ranges or of ASCII combines with one before it (Unicode's NFC_Quick_Check=Maybe characters are
    /// combining marks, Indic vowel signs and Hangul jamo), so a text of them is NFC when each of them is.
    static func isNFC(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0.value < 0x80 || isStableLetter($0.value) }
    }

    /// One of these letters that is its own NFC: not white space either.
    static func isStableLetter(_ value: UInt32) -> Bool {
        (entry(value) ?? 0) & stable != 0
    }

    /// The search key by the table, or nil when a character is not in it.
    static func folded(_ text: String) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                bytes.append(value >= 0x41 && value <= 0x5A ? UInt8(value) + 0x20 : UInt8(value))
            } else if let entry = entry(value), entry & 0x7F != 0 {
                bytes.append(entry & 0x7F)
            } else {
                return nil
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
