/// Spreadsheet programs run a CSV cell that begins with `=`, `+`, `-` or `@` (or a tab or carriage
/// return) as a formula: CSV injection. Exports put an apostrophe in front, which Excel takes as
/// "this is text"; imports take it off again, so an export re-imports unchanged.
enum FormulaGuard {
    private static let triggers: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    static func escape(_ cell: String) -> String {
        cell.first.map(triggers.contains) == true ? "'" + cell : cell
    }

    static func unescape(_ cell: String) -> String {
        guard cell.first == "'", let next = cell.dropFirst().first, triggers.contains(next) else { return cell }
        return String(cell.dropFirst())
    }
}
