import EduCore
import Foundation

/// The stored fields of a record as JSON for the audit trail. Personal IDs appear only as their
/// keyed hash, so the audit log never holds one in clear.
enum Snapshot {
    static func json<T: Encodable>(_ value: T) -> String {
        String(decoding: try! encoder.encode(value), as: UTF8.self)
    }

    // One encoder for all: making one per record showed in import profiles. JSONEncoder is
    // thread-safe once configured.
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}
