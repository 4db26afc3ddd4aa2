import Foundation

/// How common each value of a field is among the records, for Splink's term-frequency adjustment: two records that
/// agree exactly on a rare name are stronger evidence of one person than two that agree on a common one. For an exact
/// agreement the level's average u (how often random pairs agree at all) is replaced by the value's own u — the chance
/// that another record carries it, (count − 1) / (records − 1), as u is measured on pairs of two different records —
/// so the pair's log Bayes factor moves by log(u / that): up for a rare value, down for a common one.
struct TermFrequencies {
    /// Per record, the correction of its value's exact agreement (0 for a missing value).
    let adjustments: [Double]

    /// `values`: one per record, nil when missing; `averageU`: the field's u at exact agreement.
    init(_ values: [String?], averageU: Double) {
        var counts: [String: Int] = [:]
        for case let value? in values { counts[value, default: 0] += 1 }
        let others = Double(max(counts.values.reduce(0, +) - 1, 1))
        adjustments = values.map { value in
            guard let value, let count = counts[value], count > 1 else { return 0 }
            return log(averageU / (Double(count - 1) / others))
        }
    }
}
