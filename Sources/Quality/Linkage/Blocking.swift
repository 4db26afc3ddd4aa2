/// Which pairs of records are compared at all: only those that share a blocking key (the same personal ID; the same
/// given name and birth date, day and month in either order; the same full name and birth year; the same full name
/// when one has no birth date). Each pair is kept once, as (lower index, higher index). With `splitAt`, the records
/// before it and those from it on are two lists, and only pairs across them are made.
enum Blocking {
    /// Larger blocks are skipped: a key that many records share says little, and comparing them all would be quadratic.
    static let largestBlock = 1000

    static func candidatePairs(_ records: [PreparedRecord], splitAt split: Int? = nil) -> [UInt64] {
        var pairs: [UInt64] = []
        func key(_ body: (inout Hasher) -> Void) -> Int {
            var hasher = Hasher()
            body(&hasher)
            return hasher.finalize()
        }
        pairsWithin(records, &pairs, splitAt: split) { record in record.nationalID.map { id in key { $0.combine(0); $0.combine(id) } } }
        pairsWithin(records, &pairs, splitAt: split) { record in
            guard let birth = record.swapInsensitiveBirth, !record.given.isEmpty else { return nil }
            return key { $0.combine(1); $0.combine(birth); $0.combine(record.given) }
        }
        pairsWithin(records, &pairs, splitAt: split) { record in
            guard let year = record.year, !record.name.isEmpty else { return nil }
            return key { $0.combine(2); $0.combine(year); $0.combine(record.name) }
        }
        pairsWithin(records, &pairs, splitAt: split, onlyWhere: { $0.birth == nil }) { record in
            record.name.isEmpty ? nil : key { $0.combine(3); $0.combine(record.name) }
        }
        pairs.sort()
        var unique: [UInt64] = []
        unique.reserveCapacity(pairs.count)
        for pair in pairs where unique.last != pair { unique.append(pair) }
        return unique
    }

    /// Adds the pairs of records sharing `key`; with `onlyWhere`, only pairs where at least one record satisfies it;
    /// with `splitAt`, only pairs of one record from each side of it.
    private static func pairsWithin(_ records: [PreparedRecord], _ pairs: inout [UInt64], splitAt split: Int?,
                                    onlyWhere condition: ((PreparedRecord) -> Bool)? = nil, key: (PreparedRecord) -> Int?) {
        func across(_ a: Int32, _ b: Int32) -> Bool { split.map { (Int(a) < $0) != (Int(b) < $0) } ?? true }
        var keyed: [(key: Int, index: Int32)] = []
        keyed.reserveCapacity(records.count)
        for (index, record) in records.enumerated() {
            if let key = key(record) { keyed.append((key, Int32(index))) }
        }
        keyed.sort { $0.key != $1.key ? $0.key < $1.key : $0.index < $1.index }
        var start = 0
        while start < keyed.count {
            var end = start + 1
            while end < keyed.count && keyed[end].key == keyed[start].key { end += 1 }
            if end - start > 1 && end - start <= largestBlock {
                for first in start..<end {
                    let a = keyed[first].index
                    if let condition {
                        // A qualifying record pairs with the whole block; two qualifying ones pair once, from the earlier.
                        guard condition(records[Int(a)]) else { continue }
                        for second in start..<end where second != first {
                            let b = keyed[second].index
                            if second < first && condition(records[Int(b)]) { continue }
                            if across(a, b) { pairs.append(ordered(a, b)) }
                        }
                    } else {
                        for second in (first + 1)..<end where across(a, keyed[second].index) { pairs.append(ordered(a, keyed[second].index)) }
                    }
                }
            }
            start = end
        }
    }

    static func ordered(_ a: Int32, _ b: Int32) -> UInt64 {
        a < b ? UInt64(a) << 32 | UInt64(b) : UInt64(b) << 32 | UInt64(a)
    }
}
