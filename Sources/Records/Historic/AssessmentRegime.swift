import EduCore

/// The rule set a school year's results were given under, with the labels valid at the time (rules.md §2, point 6).
/// Secondary schools: Thông tư 58/2011 (and Quyết định 40/2006 before it, with the same labels) until Thông tư 22/2021
/// reached the grade. Primary schools: Thông tư 27/2020 from its grade's first year; before it Thông tư 30/2014 (as
/// Thông tư 22/2016 amended it) from 2014-2015, and Thông tư 32/2009 (and Quyết định 30/2005 before it) earlier.
/// **[NOT VERIFIED]**: the domain notes name neither primary circular before TT27; their labels are ours (docs/records.md).
public enum AssessmentRegime: String, Sendable, Hashable, Codable, CaseIterable {
    case tt58, tt22, tt27, tt30, tt32

    public var label: Bilingual {
        switch self {
        case .tt58: Bilingual(vi: "Thông tư 58/2011 (và các quy định trước)", en: "Circular 58/2011 (and earlier rules)")
        case .tt22: Bilingual(vi: "Thông tư 22/2021", en: "Circular 22/2021")
        case .tt27: Bilingual(vi: "Thông tư 27/2020", en: "Circular 27/2020")
        case .tt30: Bilingual(vi: "Thông tư 30/2014 (sửa đổi bởi Thông tư 22/2016)", en: "Circular 30/2014 (as amended by Circular 22/2016)")
        case .tt32: Bilingual(vi: "Thông tư 32/2009 (và các quy định trước)", en: "Circular 32/2009 (and earlier rules)")
        }
    }

    /// Học lực (TT58), kết quả học tập (TT22), the year's assessment (TT27), completion of the year's subjects (TT30),
    /// xếp loại giáo dục (TT32).
    public var learningLabels: [String] {
        switch self {
        case .tt58: ["Giỏi", "Khá", "Trung bình", "Yếu", "Kém"]
        case .tt22: Rating.allCases.reversed().map(\.label)
        case .tt27: ["Hoàn thành xuất sắc", "Hoàn thành tốt", "Hoàn thành", "Chưa hoàn thành"]
        case .tt30: ["Hoàn thành", "Chưa hoàn thành"]
        case .tt32: ["Giỏi", "Khá", "Trung bình", "Yếu"]
        }
    }

    /// Hạnh kiểm (TT58, and TT32's "thực hiện đầy đủ" the four duties) or kết quả rèn luyện (TT22); TT30 and TT27 give
    /// none (qualities and competences instead).
    public var conductLabels: [String] {
        switch self {
        case .tt58: ["Tốt", "Khá", "Trung bình", "Yếu"]
        case .tt22: Rating.allCases.reversed().map(\.label)
        case .tt27, .tt30: []
        case .tt32: ["Thực hiện đầy đủ", "Chưa thực hiện đầy đủ"]
        }
    }

    public var awardLabels: [String] {
        switch self {
        case .tt58, .tt32: ["Học sinh giỏi", "Học sinh tiên tiến"]
        case .tt22: [Award.excellent.label, Award.good.label]
        case .tt27: [Award.excellent.label, "Học sinh Tiêu biểu hoàn thành tốt trong học tập và rèn luyện"]
        case .tt30: ["Học sinh hoàn thành xuất sắc các nội dung học tập và rèn luyện",
                     "Học sinh có thành tích vượt trội hay tiến bộ vượt bậc"]
        }
    }

    /// Grade 5 completes primary school (TT27, TT30, TT32); earlier grades complete their own year.
    public func outcomeLabels(grade: Int) -> [String] {
        switch self {
        case .tt58, .tt22: ["Lên lớp", "Kiểm tra lại", "Rèn luyện hè", "Ở lại lớp"]
        case .tt27, .tt30: [grade == 5 ? "Hoàn thành chương trình tiểu học" : "Hoàn thành chương trình lớp học", "Chưa hoàn thành"]
        case .tt32: grade == 5 ? ["Hoàn thành chương trình tiểu học", "Kiểm tra lại", "Chưa hoàn thành chương trình tiểu học"]
                               : ["Lên lớp", "Kiểm tra lại", "Ở lại lớp"]
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

    /// The school year TT30/2014 first applied to (it took effect on 15/10/2014). [NOT VERIFIED]
    public static let firstYearOfTT30 = 2014

    /// The rule set of `schoolYear` (`2019-2020`) in `grade`; nil for a grade without one (not 1–12).
    public func regime(schoolYear: String, grade: Int) -> AssessmentRegime? {
        guard let start = Int(schoolYear.prefix(4)), let first = firstYear[grade] else { return nil }
        if grade <= 5 { return start >= first ? .tt27 : start >= Self.firstYearOfTT30 ? .tt30 : .tt32 }
        return start >= first ? .tt22 : .tt58
    }
}
