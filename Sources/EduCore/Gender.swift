public enum Gender: String, Sendable, Codable, CaseIterable {
    case male, female

    public var vietnamese: String { self == .male ? "Nam" : "Nữ" }

    /// Reads what people write in spreadsheets: Nam/Nữ, M/F, male/female, 1/0 is not accepted (ambiguous).
    public init?(parsing text: String) {
        // The two spellings nearly every file uses, before folding (which a large import pays per row).
        if text == "Nam" { self = .male; return }
        if text == "Nữ" { self = .female; return }
        switch PersonName.foldedKey(text) {
        case "nam", "m", "male", "trai": self = .male
        case "nu", "f", "female", "gai": self = .female
        default: return nil
        }
    }
}
