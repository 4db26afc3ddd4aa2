/// How two records agree, field by field, each as a level. Level 0 is "missing in one of them" and says nothing;
/// the others run from the closest agreement to disagreement. The whole vector packs into one small integer, so the
/// model is estimated over a histogram of patterns rather than over millions of pairs.
enum ComparisonVector {
    /// Levels per field: personal ID (missing, same, one typo apart, different), name (missing, same, the same but for
    /// one dropped middle name, same family and given with another middle, same given, different), date of birth
    /// (missing, same, day and month swapped, one digit apart, same year, different), gender (missing, same,
    /// different), birthplace (missing, same, different).
    static let levelCounts = [4, 6, 6, 3, 3]
    static let patternCount = levelCounts.reduce(1, *)

    /// The pair's pattern: its levels as digits of a mixed-radix number (the first field lowest).
    static func pattern(_ a: PreparedRecord, _ b: PreparedRecord) -> Int {
        var pattern = same(a.birthplace, b.birthplace)
        pattern = pattern * levelCounts[3] + same(a.gender, b.gender)
        pattern = pattern * levelCounts[2] + birth(a, b)
        pattern = pattern * levelCounts[1] + name(a, b)
        return pattern * levelCounts[0] + nationalID(a.nationalID, b.nationalID)
    }

    /// The levels of a pattern, field by field.
    static func levels(of pattern: Int) -> [Int] {
        var rest = pattern
        return levelCounts.map { count in
            defer { rest /= count }
            return rest % count
        }
    }

    private static func nationalID(_ a: UInt64?, _ b: UInt64?) -> Int {
        guard let a, let b else { return 0 }
        if a == b { return 1 }
        return oneTypoApart(a, b) ? 2 : 3
    }

    /// One digit changed, or two neighbouring digits swapped.
    static func oneTypoApart(_ a: UInt64, _ b: UInt64) -> Bool {
        var x = a, y = b, differences: [(UInt64, UInt64, Int)] = []
        for position in 0..<12 {
            let (dx, dy) = (x % 10, y % 10)
            if dx != dy {
                differences.append((dx, dy, position))
                if differences.count > 2 { return false }
            }
            x /= 10
            y /= 10
        }
        if differences.count == 1 { return true }
        let (first, second) = (differences[0], differences[1])
        return second.2 == first.2 + 1 && first.0 == second.1 && first.1 == second.0
    }

    private static func name(_ a: PreparedRecord, _ b: PreparedRecord) -> Int {
        guard !a.name.isEmpty, !b.name.isEmpty else { return 0 }
        if a.name == b.name { return 1 }
        guard a.given == b.given else { return 5 }
        guard a.family == b.family else { return 4 }
        return droppedOneMiddleName(a.name, b.name) || droppedOneMiddleName(b.name, a.name) ? 2 : 3
    }

    /// Whether `short` is `long` without one of its middle names ("nguyen an" from "nguyen van an").
    private static func droppedOneMiddleName(_ short: String, _ long: String) -> Bool {
        let (shortWords, longWords) = (short.split(separator: " "), long.split(separator: " "))
        guard longWords.count == shortWords.count + 1, longWords.count >= 3 else { return false }
        return (1..<(longWords.count - 1)).contains { dropped in
            var words = longWords
            words.remove(at: dropped)
            return words == shortWords
        }
    }

    private static func birth(_ a: PreparedRecord, _ b: PreparedRecord) -> Int {
        guard let x = a.birth, let y = b.birth else { return 0 }
        if x == y { return 1 }
        if a.swapInsensitiveBirth == b.swapInsensitiveBirth { return 2 }
        if differsInOneDigit(UInt64(x), UInt64(y)) { return 3 }
        return a.year == b.year ? 4 : 5
    }

    /// Dates written yyyymmdd that differ in exactly one digit (a typo).
    private static func differsInOneDigit(_ a: UInt64, _ b: UInt64) -> Bool {
        var (x, y, differences) = (a, b, 0)
        while x > 0 || y > 0 {
            if x % 10 != y % 10 { differences += 1 }
            x /= 10
            y /= 10
        }
        return differences == 1
    }

    private static func same<T: Equatable>(_ a: T?, _ b: T?) -> Int {
        guard let a, let b else { return 0 }
        return a == b ? 1 : 2
    }
}
