import EduCore

/// How two records agree on one field, in words, for people reviewing a pair: the levels of `ComparisonVector`.
public enum AgreementLevel {
    /// Per field (personal ID, name, date of birth, gender, birthplace): its name and the meaning of each level.
    public static let fields: [(name: Bilingual, levels: [Bilingual])] = [
        (Bilingual(vi: "Số định danh", en: "Personal ID"), [missing, same, Bilingual(vi: "Sai một chữ số", en: "One typo apart"), different]),
        (Bilingual(vi: "Họ và tên", en: "Full name"), [
            missing, same, Bilingual(vi: "Thiếu một tên đệm", en: "One middle name dropped"),
            Bilingual(vi: "Cùng họ và tên, khác tên đệm", en: "Same family and given name, other middle name"),
            Bilingual(vi: "Chỉ cùng tên", en: "Same given name only"), different,
        ]),
        (Bilingual(vi: "Ngày sinh", en: "Date of birth"), [
            missing, same, Bilingual(vi: "Đảo ngày và tháng", en: "Day and month swapped"),
            Bilingual(vi: "Sai một chữ số", en: "One digit apart"), Bilingual(vi: "Chỉ cùng năm", en: "Same year only"), different,
        ]),
        (Bilingual(vi: "Giới tính", en: "Gender"), [missing, same, different]),
        (Bilingual(vi: "Nơi sinh", en: "Birthplace"), [missing, same, different]),
    ]

    /// Whether a level counts for the pair (the same), against it (different), or neither.
    public enum Leaning: Sendable { case same, close, different, unknown }

    public static func leaning(field: Int, level: Int) -> Leaning {
        guard level > 0 else { return .unknown }
        if level == 1 { return .same }
        return level == fields[field].levels.count - 1 ? .different : .close
    }

    public static func describe(field: Int, level: Int) -> Bilingual {
        let levels = fields[field].levels
        return levels.indices.contains(level) ? levels[level] : missing
    }

    private static let missing = Bilingual(vi: "Thiếu ở một bên", en: "Missing on one side")
    private static let same = Bilingual(vi: "Giống nhau", en: "The same")
    private static let different = Bilingual(vi: "Khác nhau", en: "Different")
}
