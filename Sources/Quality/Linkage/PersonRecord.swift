import EduCore

/// One record of a person from some source (a province's database, an import, a transfer), as linkage sees it.
/// Any field but the id may be missing.
public struct PersonRecord: Sendable, Hashable {
    public let recordID: String
    public let source: String
    public let nationalID: NationalID?
    public let fullName: String?
    public let dateOfBirth: CalendarDate?
    public let gender: Gender?
    public let birthplace: String?

    public init(recordID: String, source: String = "", nationalID: NationalID? = nil, fullName: String? = nil,
                dateOfBirth: CalendarDate? = nil, gender: Gender? = nil, birthplace: String? = nil) {
        self.recordID = recordID
        self.source = source
        self.nationalID = nationalID
        self.fullName = fullName
        self.dateOfBirth = dateOfBirth
        self.gender = gender
        self.birthplace = birthplace
    }
}

/// A record prepared once for comparing: the name folded (no diacritics, `đ` → `d`, lower case, single spaces — so
/// “Hoà” and “Hòa”, NFD and NFC, “NGUYỄN  VĂN AN” and “Nguyen Van An” agree) and split into family, middle and given
/// parts; the birthplace folded without its administrative prefix; the date as yyyymmdd.
struct PreparedRecord: Sendable {
    let nationalID: UInt64?
    let name: String
    let family: String
    let given: String
    /// yyyymmdd, or nil.
    let birth: Int32?
    let gender: Gender?
    let birthplace: String?

    init(_ record: PersonRecord) {
        nationalID = record.nationalID.flatMap { UInt64($0.digits) }
        let tokens = record.fullName.map { PersonName.foldedKey($0).split(separator: " ").map(String.init) } ?? []
        name = tokens.joined(separator: " ")
        family = tokens.first ?? ""
        given = tokens.count > 1 ? tokens[tokens.count - 1] : ""
        birth = record.dateOfBirth.map { Int32($0.year * 10000 + $0.month * 100 + $0.day) }
        gender = record.gender
        birthplace = record.birthplace.map(Self.place).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// “Thành phố Hải Phòng”, “TP. Hải Phòng” and “Hải Phòng” are one place.
    static func place(_ text: String) -> String {
        var folded = PersonName.foldedKey(text.replacingOccurrences(of: ".", with: " "))
        for prefix in ["thanh pho ", "tp ", "tinh ", "quan ", "huyen ", "thi xa ", "xa ", "phuong ", "dac khu "] where folded.hasPrefix(prefix) {
            folded = String(folded.dropFirst(prefix.count))
        }
        return folded
    }

    var year: Int32? { birth.map { $0 / 10000 } }

    /// The date with day and month in order of size: a day/month swap gives the same key.
    var swapInsensitiveBirth: Int32? {
        birth.map { date in
            let (year, month, day) = (date / 10000, date / 100 % 100, date % 100)
            return year * 10000 + min(month, day) * 100 + max(month, day)
        }
    }
}
