import EduCore

/// Finds the records that belong to the same person: blocking, comparison, a Fellegi–Sunter model estimated from the
/// data itself, and clustering of the links (connected components). Pure: records in, clusters out.
public struct Deduplicator: Sendable {
    /// Pairs whose match probability reaches this are linked.
    public var threshold: Double
    /// Random pairs drawn to measure how often non-matches agree by chance (u).
    public var randomPairs: Int
    public var seed: UInt64

    public init(threshold: Double = 0.5, randomPairs: Int = 1_000_000, seed: UInt64 = 1) {
        self.threshold = threshold
        self.randomPairs = randomPairs
        self.seed = seed
    }

    public struct Result: Sendable {
        /// Per record (input order), its cluster: 1, 2, … in order of first appearance.
        public let clusters: [Int]
        public let candidatePairs: Int
        public let links: Int
    }

    public func deduplicate(_ records: [PersonRecord]) -> Result {
        let scored = score(records)
        // Strongest links first; a link that would put two different personal IDs in one cluster is refused (one
        // person has one ID), so a namesake cannot chain two people together through a record without an ID.
        let linked = scored.pairs.indices.filter { scored.probability(of: $0) >= threshold }
            .sorted { scored.probability(of: $0) > scored.probability(of: $1) }
        var components = UnionFind(count: records.count, nationalIDs: scored.prepared.map(\.nationalID))
        var links = 0
        for index in linked where components.union(scored.first(of: index), scored.second(of: index)) {
            links += 1
        }
        return Result(clusters: components.numbered(), candidatePairs: scored.pairs.count, links: links)
    }

    /// A candidate pair worth a person's look: the two records (indices into the input), how likely they are one person,
    /// and how they agree field by field (levels as in the comparison: 0 missing, 1 same, higher is further apart).
    public struct Link: Sendable, Hashable {
        public let first: Int
        public let second: Int
        public let probability: Double
        /// Personal ID, name, date of birth, gender, birthplace.
        public let levels: [Int]
    }

    /// Every candidate pair whose match probability reaches `minimum`, strongest first (ties in input order): what a
    /// review queue shows, where `deduplicate` decides alone. As there, two records whose personal IDs differ by more
    /// than a typo are never proposed: one person has one ID.
    public func links(_ records: [PersonRecord], minimum: Double) -> (links: [Link], candidatePairs: Int) {
        links(in: score(records), minimum: minimum, second: { $0 })
    }

    /// Links across two lists rather than within one: each record of `left` (say, a register's diploma holders) to the
    /// records of `right` (the registry's students) that are likely the same person. Only pairs of one record from each
    /// list are compared and the model is estimated on them alone; `Link.first` indexes `left`, `Link.second` `right`.
    public func links(between left: [PersonRecord], and right: [PersonRecord], minimum: Double) -> (links: [Link], candidatePairs: Int) {
        links(in: score(left + right, splitAt: left.count), minimum: minimum, second: { $0 - left.count })
    }

    private func links(in scored: Scored, minimum: Double, second: (Int) -> Int) -> (links: [Link], candidatePairs: Int) {
        let differentIDs = ComparisonVector.levelCounts[0] - 1
        let links = scored.pairs.indices.filter {
            scored.probability(of: $0) >= minimum && ComparisonVector.levels(of: Int(scored.patterns[$0]))[0] != differentIDs
        }.map { index in
            Link(first: scored.first(of: index), second: second(scored.second(of: index)), probability: scored.probability(of: index),
                 levels: ComparisonVector.levels(of: Int(scored.patterns[index])))
        }
        return (links.sorted { ($0.probability, $1.first, $1.second) > ($1.probability, $0.first, $0.second) }, scored.pairs.count)
    }

    /// The candidate pairs with their patterns and match probabilities.
    private struct Scored {
        let prepared: [PreparedRecord]
        /// First record in the high 32 bits, second in the low.
        let pairs: [UInt64]
        let patterns: [Int32]
        let probabilities: [Double]

        func probability(of pair: Int) -> Double { probabilities[pair] }
        func first(of pair: Int) -> Int { Int(pairs[pair] >> 32) }
        func second(of pair: Int) -> Int { Int(pairs[pair] & 0xFFFF_FFFF) }
    }

    /// With `splitAt`, the records before it and those from it on are two lists, and only pairs across them count.
    private func score(_ records: [PersonRecord], splitAt split: Int? = nil) -> Scored {
        let prepared = records.map(PreparedRecord.init)
        let pairs = Blocking.candidatePairs(prepared, splitAt: split)
        var patterns = [Int32](repeating: 0, count: pairs.count)
        var candidates = [Int](repeating: 0, count: ComparisonVector.patternCount)
        for (index, pair) in pairs.enumerated() {
            let pattern = ComparisonVector.pattern(prepared[Int(pair >> 32)], prepared[Int(pair & 0xFFFF_FFFF)])
            patterns[index] = Int32(pattern)
            candidates[pattern] += 1
        }
        let model = FellegiSunterModel.estimate(candidates: candidates, random: randomHistogram(prepared, splitAt: split),
                                                population: Population(prepared, splitAt: split))
        let levels = (0..<ComparisonVector.patternCount).map(ComparisonVector.levels(of:))
        let logOdds = levels.map(model.logOdds(levels:))
        // Exact agreement on the name or the birthplace weighs by how rare the shared value is.
        let name = FellegiSunterModel.Field.name, place = FellegiSunterModel.Field.birthplace
        let names = TermFrequencies(prepared.map { $0.name.isEmpty ? nil : $0.name }, averageU: model.u[name][1])
        let places = TermFrequencies(prepared.map(\.birthplace), averageU: model.u[place][1])
        let probabilities = pairs.indices.map { index in
            let (pattern, first) = (Int(patterns[index]), Int(pairs[index] >> 32))
            var odds = logOdds[pattern]
            if levels[pattern][name] == 1 { odds += names.adjustments[first] }
            if levels[pattern][place] == 1 { odds += places.adjustments[first] }
            return FellegiSunterModel.probability(logOdds: odds)
        }
        return Scored(prepared: prepared, pairs: pairs, patterns: patterns, probabilities: probabilities)
    }

    /// Random pairs of different records (one from each list when there are two), nearly all non-matches.
    private func randomHistogram(_ records: [PreparedRecord], splitAt split: Int?) -> [Int] {
        var histogram = [Int](repeating: 0, count: ComparisonVector.patternCount)
        let (firsts, seconds) = split.map { (0..<$0, $0..<records.count) } ?? (records.indices, records.indices)
        guard records.count > 1, !firsts.isEmpty, !seconds.isEmpty else { return histogram }
        var random = SeededRandom(seed: seed)
        for _ in 0..<randomPairs {
            let a = firsts.lowerBound + Int(random.next() % UInt64(firsts.count))
            let b = seconds.lowerBound + Int(random.next() % UInt64(seconds.count))
            if a != b { histogram[ComparisonVector.pattern(records[a], records[b])] += 1 }
        }
        return histogram
    }
}

/// Disjoint sets with path halving and union by size, each set knowing the personal IDs of its records.
struct UnionFind {
    private var parent: [Int32]
    private var size: [Int32]
    /// Per root: the distinct personal IDs in its set.
    private var nationalIDs: [[UInt64]]

    init(count: Int, nationalIDs: [UInt64?]) {
        parent = (0..<Int32(count)).map { $0 }
        size = [Int32](repeating: 1, count: count)
        self.nationalIDs = nationalIDs.map { $0.map { [$0] } ?? [] }
    }

    mutating func find(_ element: Int) -> Int {
        var current = element
        while Int(parent[current]) != current {
            parent[current] = parent[Int(parent[current])]
            current = Int(parent[current])
        }
        return current
    }

    /// Joins the sets of `a` and `b` unless they hold personal IDs that differ by more than a typo; whether they are
    /// (now) one set.
    @discardableResult
    mutating func union(_ a: Int, _ b: Int) -> Bool {
        var (rootA, rootB) = (find(a), find(b))
        guard rootA != rootB else { return true }
        for x in nationalIDs[rootA] {
            for y in nationalIDs[rootB] where x != y && !ComparisonVector.oneTypoApart(x, y) { return false }
        }
        if size[rootA] < size[rootB] { swap(&rootA, &rootB) }
        parent[rootB] = Int32(rootA)
        size[rootA] += size[rootB]
        for id in nationalIDs[rootB] where !nationalIDs[rootA].contains(id) { nationalIDs[rootA].append(id) }
        nationalIDs[rootB] = []
        return true
    }

    /// Component numbers 1, 2, … in order of each component's first element.
    mutating func numbered() -> [Int] {
        var numbers: [Int: Int] = [:]
        return (0..<parent.count).map { element in
            let root = find(element)
            if let number = numbers[root] { return number }
            numbers[root] = numbers.count + 1
            return numbers.count
        }
    }
}
