import EduCore
import Foundation

/// The legacy 8-bit Vietnamese encodings that old Excel files and fonts (.VnTime, VNI-Times) still produce, and
/// Unicode text garbled once on its way ("Nguyá»…n"): UTF-8 bytes read as Windows-1252 and saved again.
enum LegacyEncoding {
    case tcvn3, vni, windows1258, utf8ReadAsWindows1252

    var name: String {
        switch self {
        case .tcvn3: "TCVN3 (ABC)"
        case .vni: "VNI"
        case .windows1258: "Windows-1258"
        case .utf8ReadAsWindows1252: "UTF-8/Windows-1252 (mojibake)"
        }
    }

    var description: Bilingual {
        Bilingual(vi: "bảng mã cũ \(name)", en: "the legacy \(name) encoding")
    }

    /// TCVN3 and VNI text comes from legacy fonts (.VnTime, VNI-Times): Excel shows it garbled,
    /// so saving again is not enough; it must be converted to Unicode first.
    var conversionHint: Bilingual? {
        guard self == .tcvn3 || self == .vni else { return nil }
        return Bilingual(
            vi: "Nếu chữ tiếng Việt hiện sai dấu trong Excel, trước hết hãy chuyển mã \(name) sang Unicode (ví dụ bằng công cụ chuyển mã của Unikey).",
            en: "If Excel shows the Vietnamese text garbled, first convert it from \(name) to Unicode (for example with Unikey's converter).")
    }

    static let unknown = Bilingual(
        vi: "một bảng mã cũ (TCVN3, VNI hoặc Windows-1258)",
        en: "a legacy encoding (TCVN3, VNI or Windows-1258)")

    /// The Unicode text (NFC) of `bytes` in this encoding: TCVN3 through glibc's TCVN5712-1 (VN1, a superset of TCVN3's
    /// VN3, adding the capitals with tones), Windows-1258 through glibc, VNI through its published table, garbled UTF-8
    /// as the UTF-8 it was.
    func decode(_ bytes: [UInt8]) throws(EduError) -> String {
        switch self {
        case .tcvn3: return try Iconv.decode(bytes, from: "TCVN5712-1").precomposedStringWithCanonicalMapping
        case .windows1258: return try Iconv.decode(bytes, from: "WINDOWS-1258").precomposedStringWithCanonicalMapping
        case .vni: return VNIText.decode(bytes)
        case .utf8ReadAsWindows1252:
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw EduError("file.encoding", vi: "Ô không phải chuỗi UTF-8 bị đọc nhầm", en: "The cell is not misread UTF-8")
            }
            return text.precomposedStringWithCanonicalMapping
        }
    }

    /// Reads the whole file (streaming) for the encoding it most likely uses; nil when none stands out.
    static func guess(path: String) -> LegacyEncoding? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var tally = Tally()
        while let chunk = try? handle.read(upToCount: 64 * 1024), !chunk.isEmpty {
            chunk.forEach { tally.add($0) }
        }
        return tally.verdict
    }

    /// A heuristic that gives each encoding points only for bytes the other two never produce for Vietnamese letters.
    /// Byte values: TCVN3 and Windows-1258 checked against glibc's iconv (TCVN5712-1, WINDOWS-1258);
    /// VNI from the published VNI-Windows table (base letter, then a mark byte).
    /// - TCVN3 (ABC) stores ă â ê ô ơ ư đ and à á ả ã ạ ằ ắ ẳ ẵ at 0xA1–0xBF, where the other two have only symbols (° © «).
    ///   Its other letters (0xC6–0xFE) also score for VNI and Windows-1258, hence the weight of 4.
    /// - VNI puts a mark byte after a Latin vowel: tones ù ø û õ ï (0xF9 0xF8 0xFB 0xF5 0xEF; uppercase 0xD9 0xD8 0xDB 0xD5 0xCF)
    ///   after a/e/o/u/y, circumflex marks after a/e/o, breve marks after a; and uses bytes Windows-1258 never uses
    ///   for Vietnamese, such as ñ 0xF1 = đ, Ñ 0xD1 = Đ, ö 0xF6 = ư.
    /// - Windows-1258 has đ 0xF0, Đ 0xD0, ư 0xFD, Ư 0xDD, the combining tilde 0xDE, and combining tones
    ///   (0xCC grave, 0xEC acute, 0xD2 hook, 0xF2 dot) right after a vowel.
    /// On random Vietnamese text this names the right encoding from about 15 words on; a tie names none.
    struct Tally {
        private static let vniOnly: Set<UInt8> = [0xC4, 0xC5, 0xC6, 0xCB, 0xCE, 0xCF, 0xD1, 0xD6, 0xD8, 0xDB, 0xDC,
                                                  0xE4, 0xE5, 0xE6, 0xEB, 0xEE, 0xEF, 0xF1, 0xF6, 0xF8, 0xFB, 0xFC]
        private static let vniTones: Set<UInt8> = [0xF9, 0xF8, 0xFB, 0xF5, 0xEF, 0xD9, 0xD8, 0xDB, 0xD5, 0xCF]
        private static let vniCircumflex: Set<UInt8> = [0xE2, 0xE1, 0xE0, 0xE5, 0xE3, 0xE4, 0xC2, 0xC1, 0xC0, 0xC5, 0xC3, 0xC4]
        private static let vniBreve: Set<UInt8> = [0xEA, 0xE9, 0xE8, 0xFA, 0xFC, 0xEB, 0xCA, 0xC9, 0xC8, 0xDA, 0xDC, 0xCB]
        private static let windowsOnly: Set<UInt8> = [0xD0, 0xDD, 0xDE, 0xF0, 0xFD]
        private static let windowsTones: Set<UInt8> = [0xCC, 0xD2, 0xEC, 0xF2]
        private static let windowsVowels = Set("aeiouyAEIOUY".utf8).union([0xE2, 0xE3, 0xEA, 0xF4, 0xF5, 0xFD, 0xC2, 0xC3, 0xCA, 0xD4, 0xD5, 0xDD])

        private var scores: [LegacyEncoding: Int] = [:]
        private var previous: UInt8 = 0

        mutating func add(_ byte: UInt8) {
            defer { previous = byte }
            guard byte >= 0x80 else { return }
            if (0xA1...0xBF).contains(byte) { scores[.tcvn3, default: 0] += 4 }
            if Self.vniOnly.contains(byte) || Self.isVNIMark(byte, after: previous) { scores[.vni, default: 0] += 1 }
            if Self.windowsOnly.contains(byte) || (Self.windowsTones.contains(byte) && Self.windowsVowels.contains(previous)) {
                scores[.windows1258, default: 0] += 1
            }
        }

        private static func isVNIMark(_ byte: UInt8, after base: UInt8) -> Bool {
            let letter = base | 0x20  // ASCII lower case
            return (vniTones.contains(byte) && Array("aeouy".utf8).contains(letter))
                || (vniCircumflex.contains(byte) && Array("aeo".utf8).contains(letter))
                || (vniBreve.contains(byte) && letter == UInt8(ascii: "a"))
        }

        /// The single best-scoring encoding, or nil when nothing scored or the best two tie.
        var verdict: LegacyEncoding? {
            let ranked = scores.sorted { $0.value > $1.value }
            guard let best = ranked.first, best.value > 0, ranked.dropFirst().first?.value != best.value else { return nil }
            return best.key
        }
    }
}
