import EduCore

/// One column of an import sheet: its English name (used in exports and the API), the
/// Vietnamese header shown in templates, and other headers people write.
public struct Column: Sendable, Hashable {
    public let name: String
    public let vietnamese: String
    public let required: Bool
    public let aliases: [String]

    public init(_ name: String, _ vietnamese: String, required: Bool = false, aliases: [String] = []) {
        self.name = name
        self.vietnamese = vietnamese
        self.required = required
        self.aliases = aliases
    }

    /// Header keys that mean this column, folded (no case, no diacritics, `_` as space).
    public var keys: Set<String> { Set(([name, vietnamese] + aliases).map(Column.key)) }

    public static func key(_ header: String) -> String {
        PersonName.foldedKey(header.replacingOccurrences(of: "_", with: " "))
    }

    /// For `CheckedTable.read`: picks, for each column, the header title that means it (by any of its names), or the
    /// column's own name when the header lacks it (reported as missing when the column is required — callers list only
    /// required columns as required, and read optional ones by name).
    public static func choose(_ columns: [Column]) -> ([String]) -> [String] {
        { header in
            columns.map { column in header.first { column.keys.contains(key($0)) } ?? column.name }
        }
    }
}

