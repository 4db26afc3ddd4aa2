/// Plausible Vietnamese names in Vietnamese order (family, middle, given), with surname
/// frequencies close to published estimates (Nguyễn about 38 %).
public enum VietnameseNames {
    public static let families: [(String, Int)] = [
        ("Nguyễn", 380), ("Trần", 110), ("Lê", 95), ("Phạm", 70), ("Hoàng", 50), ("Vũ", 39), ("Phan", 45),
        ("Đặng", 21), ("Bùi", 20), ("Đỗ", 14), ("Ngô", 13), ("Dương", 10), ("Đinh", 9), ("Lý", 5), ("Mạc", 4),
        ("Đào", 8), ("Trịnh", 7), ("Lương", 5), ("Tô", 3), ("Cao", 5),
    ]
    public static let maleMiddle = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Thành", "Gia", "Tuấn", "Hoàng", "Bảo"]
    public static let femaleMiddle = ["Thị", "Ngọc", "Thu", "Thanh", "Phương", "Khánh", "Minh", "Bảo", "Hồng", "Mai"]
    public static let maleGiven = ["An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hùng", "Huy", "Khang", "Khoa",
                            "Long", "Minh", "Nam", "Nghĩa", "Phúc", "Quân", "Sơn", "Thắng", "Thịnh", "Trung",
                            "Tùng", "Việt", "Vinh", "Đức", "Hoà", "Kiên", "Lâm", "Phong", "Tâm"]
    public static let femaleGiven = ["Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hoa", "Hương", "Huyền", "Lan", "Linh",
                              "Loan", "Mai", "My", "Nga", "Ngân", "Nhung", "Oanh", "Phương", "Quỳnh", "Thảo",
                              "Trang", "Tuyết", "Vân", "Yến", "Diệp", "Hằng", "Ánh", "Thuỷ", "Uyên"]

    public static func make(_ gender: Gender, using random: inout SeededRandom) -> String {
        let family = random.weighted(families)
        let middle = (gender == .male ? maleMiddle : femaleMiddle).randomElement(using: &random)!
        let given = (gender == .male ? maleGiven : femaleGiven).randomElement(using: &random)!
        return "\(family) \(middle) \(given)"
    }
}
