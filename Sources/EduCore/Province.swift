/// Provincial units in the two code sets: the 63 provinces before 01/07/2025 and the
/// 34 units of Nghị quyết 202/2025/QH15. Legacy codes are those of the personal ID
/// (TT 59/2021 Phụ lục). The merged units keep the code of the first-named province:
/// no official list of new codes was found, so this is an assumption (docs/registry.md).
public struct Province: Sendable, Hashable, Codable {
    public let code: String
    public let name: String

    public static func legacy(code: String) -> Province? { legacyByCode[code] }

    /// The 34-unit province a legacy province belongs to since 01/07/2025.
    public static func successor(ofLegacy code: String) -> Province? {
        guard let target = mergerTarget[code] ?? (legacyByCode[code] != nil ? code : nil) else { return nil }
        return current.first { $0.code == target }
    }

    public static let legacy63: [Province] = legacyList.map { Province(code: $0.0, name: $0.1) }

    public static let current: [Province] = {
        let absorbed = Set(mergerTarget.keys)
        return legacy63.filter { !absorbed.contains($0.code) }.map {
            Province(code: $0.code, name: renamed[$0.code] ?? $0.name)
        }
    }()

    /// Legacy code → the code of the unit it merged into (only for provinces that ceased to exist).
    public static let mergerTarget: [String: String] = {
        var map: [String: String] = [:]
        for group in mergers { for absorbed in group.dropFirst() { map[absorbed] = group[0] } }
        return map
    }()

    private static let legacyByCode = Dictionary(uniqueKeysWithValues: legacy63.map { ($0.code, $0) })

    private static let renamed = ["046": "Huế"]

    /// Each group: the surviving province first, then those merged into it.
    private static let mergers: [[String]] = [
        ["008", "002"], ["010", "015"], ["019", "006"], ["025", "026", "017"], ["027", "024"],
        ["033", "034"], ["031", "030"], ["037", "035", "036"], ["045", "044"], ["048", "049"],
        ["051", "062"], ["064", "052"], ["066", "054"], ["056", "058"], ["068", "067", "060"],
        ["075", "070"], ["079", "074", "077"], ["072", "080"], ["092", "094", "093"],
        ["086", "083", "084"], ["087", "082"], ["089", "091"], ["096", "095"],
    ]

    private static let legacyList: [(String, String)] = [
        ("001", "Hà Nội"), ("002", "Hà Giang"), ("004", "Cao Bằng"), ("006", "Bắc Kạn"), ("008", "Tuyên Quang"),
        ("010", "Lào Cai"), ("011", "Điện Biên"), ("012", "Lai Châu"), ("014", "Sơn La"), ("015", "Yên Bái"),
        ("017", "Hòa Bình"), ("019", "Thái Nguyên"), ("020", "Lạng Sơn"), ("022", "Quảng Ninh"), ("024", "Bắc Giang"),
        ("025", "Phú Thọ"), ("026", "Vĩnh Phúc"), ("027", "Bắc Ninh"), ("030", "Hải Dương"), ("031", "Hải Phòng"),
        ("033", "Hưng Yên"), ("034", "Thái Bình"), ("035", "Hà Nam"), ("036", "Nam Định"), ("037", "Ninh Bình"),
        ("038", "Thanh Hóa"), ("040", "Nghệ An"), ("042", "Hà Tĩnh"), ("044", "Quảng Bình"), ("045", "Quảng Trị"),
        ("046", "Thừa Thiên Huế"), ("048", "Đà Nẵng"), ("049", "Quảng Nam"), ("051", "Quảng Ngãi"), ("052", "Bình Định"),
        ("054", "Phú Yên"), ("056", "Khánh Hòa"), ("058", "Ninh Thuận"), ("060", "Bình Thuận"), ("062", "Kon Tum"),
        ("064", "Gia Lai"), ("066", "Đắk Lắk"), ("067", "Đắk Nông"), ("068", "Lâm Đồng"), ("070", "Bình Phước"),
        ("072", "Tây Ninh"), ("074", "Bình Dương"), ("075", "Đồng Nai"), ("077", "Bà Rịa - Vũng Tàu"), ("079", "Hồ Chí Minh"),
        ("080", "Long An"), ("082", "Tiền Giang"), ("083", "Bến Tre"), ("084", "Trà Vinh"), ("086", "Vĩnh Long"),
        ("087", "Đồng Tháp"), ("089", "An Giang"), ("091", "Kiên Giang"), ("092", "Cần Thơ"), ("093", "Hậu Giang"),
        ("094", "Sóc Trăng"), ("095", "Bạc Liêu"), ("096", "Cà Mau"),
    ]
}
