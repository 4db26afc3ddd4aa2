/// The 12-digit personal ID (số định danh cá nhân): `PPP G YY NNNNNN`.
///
/// Only the shape is a hard rule. The province prefix may be a code we do not know
/// (post-merger codes are unpublished, births abroad use a country code), and the
/// century/gender digit is checked against the declared birth year and gender as a
/// warning, never a rejection (see docs/registry.md).
public struct NationalID: Sendable, Hashable, Codable, CustomStringConvertible {
    public let digits: String

    public init?(_ text: String) {
        let trimmed = text.trimmingWhitespace
        guard trimmed.utf8.count == 12, trimmed.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        digits = trimmed
    }

    public var description: String { digits }

    public var provinceCode: String { String(digits.prefix(3)) }

    /// Century and gender from digit 4: even male, odd female; 0/1 → 1900s, 2/3 → 2000s, …
    public var encodedGender: Gender { centuryGenderDigit % 2 == 0 ? .male : .female }

    public var encodedBirthYear: Int {
        let century = 1900 + (centuryGenderDigit / 2) * 100
        return century + Int(digits.dropFirst(4).prefix(2))!
    }

    private var centuryGenderDigit: Int { Int(String(digits.dropFirst(3).prefix(1)))! }

    /// Mismatches between the number and what the record declares, as warnings.
    public func warnings(birthYear: Int?, gender: Gender?) -> [Bilingual] {
        var result: [Bilingual] = []
        if let birthYear, birthYear != encodedBirthYear {
            result.append(Bilingual(
                vi: "Số định danh mã hoá năm sinh \(encodedBirthYear), khác năm sinh khai báo \(birthYear)",
                en: "The personal ID encodes birth year \(encodedBirthYear), not the declared \(birthYear)"))
        }
        if let gender, gender != encodedGender {
            result.append(Bilingual(
                vi: "Số định danh mã hoá giới tính \(encodedGender.vietnamese), khác giới tính khai báo",
                en: "The personal ID encodes gender \(encodedGender.rawValue), not the declared one"))
        }
        if Province.legacy(code: provinceCode) == nil {
            result.append(Bilingual(
                vi: "Mã tỉnh \(provinceCode) không có trong danh mục 63 tỉnh (có thể là mã quốc gia hoặc mã mới)",
                en: "Province code \(provinceCode) is not among the 63 legacy codes (it may be a country or new code)"))
        }
        return result
    }
}

extension String {
    var trimmingWhitespace: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
