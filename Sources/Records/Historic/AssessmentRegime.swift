import EduCore

/// The rule set a school year's results were given under, with the labels valid at the time (rules.md §2, point 6).
/// Secondary schools: Thông tư 58/2011 (and Quyết định 40/2006 before it, with the same labels) until Thông tư 22/2021
/// reached the grade; primary schools: Thông tư 27/2020 from its grade's first year.
public enum AssessmentRegime: String, Sendable, Hashable, Codable, CaseIterable {
    case tt58, tt22, tt27

    public var label: Bilingual {
        switch self {
        case .tt58: Bilingual(vi: "Thông tư 58/2011 (và các quy định trước)", en: "Circular 58/2011 (and earlier rules)")
        case .tt22: Bilingual(vi: "Thông tư 22/2021", en: "Circular 22/2021")
        case .tt27: Bilingual(vi: "Thông tư 27/2020", en: "Circular 27/2020")
        }
    }

    /// Học lực (TT58) or kết quả học tập (TT22).
    public var learningLabels: [String] {
        switch self {
        case .tt58: ["Giỏi", "Khá", "Trung bình", "Yếu", "Kém"]
        case .tt22: Rating.allCases.reversed().map(\.label)
        case .tt27: ["Hoàn thành xuất sắc", "Hoàn thành tốt", "Hoàn thành", "Chưa hoàn thành"]
        }
    }

    /// Hạnh kiểm (TT58) or kết quả rèn luyện (TT22); primary schools give none.
    public var conductLabels: [String] {
        switch self {
        case .tt58: ["Tốt", "Khá", "Trung bình", "Yếu"]
        case .tt22: Rating.allCases.reversed().map(\.label)
        case .tt27: []
        }
    }

    public var awardLabels: [String] {
        switch self {
        case .tt58: ["Học sinh giỏi", "Học sinh tiên tiến"]
        case .tt22: [Award.excellent.label, Award.good.label]
        case .tt27: [Award.excellent.label, "Học sinh Tiêu biểu hoàn thành tốt trong học tập và rèn luyện"]
        }
    }

    /// Grade 5 completes primary school (TT27); earlier grades complete their own year.
    public func outcomeLabels(grade: Int) -> [String] {
        switch self {
        case .tt58, .tt22: ["Lên lớp", "Kiểm tra lại", "Rèn luyện hè", "Ở lại lớp"]
        case .tt27: [grade == 5 ? "Hoàn thành chương trình tiểu học" : "Hoàn thành chương trình lớp học", "Chưa hoàn thành"]
        }
    }

    /// TT58 gave an overall average of all subjects (ĐTB các môn cả năm); TT22 abolished it, TT27 never had one.
    public var hasOverallAverage: Bool { self == .tt58 }
}

/// Which rule set applies to a school year and grade: the first school year (its starting calendar year) each grade
/// came under TT22 (secondary) or TT27 (primary). **[NOT VERIFIED]**: the domain notes give TT22's effective date
/// (05/09/2021) and that it replaced TT58, not the roll-out by grade; the defaults follow the 2018 curriculum's
/// roll-out (grade 6 from 2021-2022; 7 and 10 from 2022-2023; 8 and 11 from 2023-2024; 9 and 12 from 2024-2025;
/// primary grade 1 from 2020-2021 up to grade 5 in 2024-2025). Set with `--regime-from`.
public struct RegimeSchedule: Sendable, Hashable {
    /// Grade → the starting year of the first school year under the current rule set.
    public let firstYear: [Int: Int]

    public static let standard = RegimeSchedule(firstYear: [1: 2020, 2: 2021, 3: 2022, 4: 2023, 5: 2024,
                                                            6: 2021, 7: 2022, 10: 2022, 8: 2023, 11: 2023, 9: 2024, 12: 2024])

    public init(firstYear: [Int: Int]) {
        self.firstYear = firstYear
    }

    /// `6:2021,7:2022,…` (grades not given keep the standard year).
    public init(parsing text: String) throws {
        var years = Self.standard.firstYear
        for part in text.split(separator: ",") {
            let pair = part.split(separator: ":").map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, let grade = Int(pair[0]), (1...12).contains(grade), let year = Int(pair[1]), (2000...2100).contains(year) else {
                throw EduError("regime.schedule", vi: "Lịch áp dụng viết dạng khối:năm, ví dụ 6:2021,7:2022 (không phải \"\(part)\")",
                               en: "Write the schedule as grade:year, e.g. 6:2021,7:2022 (not \"\(part)\")")
            }
            years[grade] = year
        }
        firstYear = years
    }

    /// The rule set of `schoolYear` (`2019-2020`) in `grade`; primary grades before TT27 are not modelled (nil).
    public func regime(schoolYear: String, grade: Int) -> AssessmentRegime? {
        guard let start = Int(schoolYear.prefix(4)), let first = firstYear[grade] else { return nil }
        if grade <= 5 { return start >= first ? .tt27 : nil }
        return start >= first ? .tt22 : .tt58
    }
}
