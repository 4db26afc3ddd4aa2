import Foundation

/// The Fellegi–Sunter model: for each field and agreement level, m (how often true matches agree that way) and u (how
/// often non-matches do), and the prior probability that two random records match. Estimated from the data being
/// linked, with no labels, the way Splink does it:
/// - u from random pairs of records (almost all non-matches);
/// - m by expectation–maximisation in two training sessions, each on the candidate pairs of one blocking rule and
///   leaving out the fields that rule forces to agree: pairs with the same personal ID teach the name, birth date,
///   gender and birthplace fields; pairs with the same given name and birth date teach the ID, gender and birthplace;
/// - the prior from the pairs that share a personal ID, scaled up by how often both records of a pair carry one.
struct FellegiSunterModel: Sendable {
    private(set) var m: [[Double]]
    let u: [[Double]]
    /// The probability that two records drawn at random are the same person.
    let prior: Double

    private static let fields = ComparisonVector.levelCounts.indices
    enum Field { static let nationalID = 0, name = 1, birth = 2, gender = 3, birthplace = 4 }

    /// `candidates` and `random`: how many pairs show each pattern among the blocked candidate pairs and among random
    /// pairs; `population`: how many pairs could be compared at all, and how many of them carry a personal ID twice.
    static func estimate(candidates: [Int], random: [Int], population: Population) -> FellegiSunterModel {
        let u = fields.map { frequencies(random, field: $0) }
        let sameID = session(candidates, u: u, where: { $0[Field.nationalID] == 1 },
                             training: [Field.name, Field.birth, Field.gender, Field.birthplace])
        let sameBirthAndGiven = session(candidates, u: u, where: { [1, 2].contains($0[Field.birth]) && (1...4).contains($0[Field.name]) },
                                        training: [Field.nationalID, Field.gender, Field.birthplace])
        var m = sameID.m
        m[Field.nationalID] = sameBirthAndGiven.m[Field.nationalID]
        let idPairs = candidates.indices.filter { ComparisonVector.levels(of: $0)[Field.nationalID] == 1 }.reduce(0) { $0 + candidates[$1] }
        // Where no two records share an ID (a registry that keeps IDs unique, whose duplicates are the records without
        // one), the matches expected among the pairs with the same birth date and given name stand in for them.
        let matches = idPairs > 0 ? Double(idPairs) / max(population.shareWithBothIDs, 1e-12) : sameBirthAndGiven.matches
        let prior = min(max(matches / max(population.pairs, 1), 1e-12), 0.5)
        return FellegiSunterModel(m: m, u: u, prior: prior)
    }

    /// The log odds that a pair with these levels is a match (before any term-frequency adjustment).
    func logOdds(levels: [Int]) -> Double {
        var logOdds = log(prior / (1 - prior))
        for (field, level) in levels.enumerated() where level > 0 {
            logOdds += log(m[field][level] / u[field][level])
        }
        return logOdds
    }

    static func probability(logOdds: Double) -> Double { 1 / (1 + exp(-logOdds)) }

    /// EM over the candidate pairs `where` selects, with u fixed and λ (the share of matches among them) free; returns
    /// m for every field, estimated for the `training` fields and left at a neutral guess for the others, and how many
    /// of the selected pairs are expected to be matches.
    private static func session(_ candidates: [Int], u: [[Double]], where selected: ([Int]) -> Bool, training: [Int],
                                iterations: Int = 30) -> (m: [[Double]], matches: Double) {
        let patterns = candidates.indices.filter { candidates[$0] > 0 }.map { ($0, ComparisonVector.levels(of: $0)) }.filter { selected($0.1) }
        var m = ComparisonVector.levelCounts.map { count in (0..<count).map { level in level == 0 ? 0 : level == 1 ? 0.9 : 0.1 / Double(count - 2) } }
        var lambda = 0.5
        for _ in 0..<iterations {
            var expected = ComparisonVector.levelCounts.map { [Double](repeating: 0, count: $0) }
            var matches = 0.0, total = 0.0
            for (pattern, levels) in patterns {
                let count = Double(candidates[pattern])
                var match = lambda, nonMatch = 1 - lambda
                for field in training where levels[field] > 0 {
                    match *= m[field][levels[field]]
                    nonMatch *= u[field][levels[field]]
                }
                let posterior = match / (match + nonMatch)
                matches += count * posterior
                total += count
                for field in training where levels[field] > 0 { expected[field][levels[field]] += count * posterior }
            }
            lambda = min(max(matches / max(total, 1), 1e-6), 1 - 1e-6)
            for field in training { m[field] = normalised(expected[field]) }
        }
        return (m, lambda * Double(patterns.reduce(0) { $0 + candidates[$1.0] }))
    }

    /// Per field, the share of pairs at each level among pairs where the field is present (level 0 kept at 0).
    private static func frequencies(_ histogram: [Int], field: Int) -> [Double] {
        var counts = [Double](repeating: 0, count: ComparisonVector.levelCounts[field])
        for (pattern, count) in histogram.enumerated() where count > 0 {
            counts[ComparisonVector.levels(of: pattern)[field]] += Double(count)
        }
        return normalised(counts)
    }

    /// Shares of levels 1… (level 0 is "missing" and kept at 0), smoothed so no level is impossible.
    private static func normalised(_ row: [Double]) -> [Double] {
        let smoothing = 1e-3
        let sum = row.dropFirst().reduce(0, +) + Double(row.count - 1) * smoothing
        return row.enumerated().map { $0.offset == 0 ? 0 : ($0.element + smoothing) / sum }
    }
}

/// The pairs a model is estimated for: within one list of records, or across two.
struct Population {
    /// How many pairs could be compared.
    let pairs: Double
    /// The share of those pairs whose two records both carry a personal ID.
    let shareWithBothIDs: Double

    /// `splitAt`: where the second of two lists starts, or nil for one list.
    init(_ records: [PreparedRecord], splitAt split: Int?) {
        func withID(_ part: ArraySlice<PreparedRecord>) -> Double {
            Double(max(part.lazy.filter { $0.nationalID != nil }.count, 1)) / Double(max(part.count, 1))
        }
        if let split {
            let (left, right) = (records[..<split], records[split...])
            pairs = Double(left.count) * Double(right.count)
            shareWithBothIDs = withID(left) * withID(right)
        } else {
            pairs = Double(records.count) * Double(records.count - 1) / 2
            shareWithBothIDs = withID(records[...]) * withID(records[...])
        }
    }
}
