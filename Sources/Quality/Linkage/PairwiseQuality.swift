import Foundation

/// Pairwise precision, recall and F1 of a clustering against the truth: a pair of records counts as linked when both
/// are in one cluster, and as a true match when both belong to one entity. Counted from cluster sizes, never by listing pairs.
public struct PairwiseQuality: Sendable, Hashable, CustomStringConvertible {
    public let truePositives: Int
    public let predicted: Int
    public let actual: Int

    /// `clusters` and `entities`: per record, the predicted cluster and the true entity (any labels).
    public init<C: Hashable, E: Hashable>(clusters: [C], entities: [E]) {
        precondition(clusters.count == entities.count)
        func pairs<K: Hashable>(_ keys: some Sequence<K>) -> Int {
            var sizes: [K: Int] = [:]
            for key in keys { sizes[key, default: 0] += 1 }
            return sizes.values.reduce(0) { $0 + $1 * ($1 - 1) / 2 }
        }
        predicted = pairs(clusters)
        actual = pairs(entities)
        truePositives = pairs(zip(clusters, entities).map { Both(cluster: $0, entity: $1) })
    }

    private struct Both<C: Hashable, E: Hashable>: Hashable {
        let cluster: C
        let entity: E
    }

    public var precision: Double { predicted == 0 ? 1 : Double(truePositives) / Double(predicted) }
    public var recall: Double { actual == 0 ? 1 : Double(truePositives) / Double(actual) }
    public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }

    public var description: String {
        String(format: "precision %.4f, recall %.4f, F1 %.4f (%d of %d predicted pairs true, %d true pairs)",
               precision, recall, f1, truePositives, predicted, actual)
    }
}
