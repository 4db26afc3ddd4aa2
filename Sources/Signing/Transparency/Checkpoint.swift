import EduCore
/// A tree head the log signs: C2SP tlog-checkpoint, the origin, size and base64 root lines,
/// plus one extension line `timestamp <ms>` for when it was issued (milliseconds since the Unix
/// epoch, the unit of RFC 6962/9162 tree heads).
///
///     eduvn.example/log
///     1234
///     0nLXLGjXEXhPd2y0hSQKHlRaGONNaxXtdTqeUR8NGeY=
///     timestamp 1735689600000
public struct Checkpoint: Sendable, Hashable {
    public let origin: String
    public let treeSize: UInt64
    public let rootHash: MerkleHash
    public let timestamp: UInt64

    /// The origin must be a single non-empty line; the spec advises a schema-less URL.
    public init(origin: String, treeSize: UInt64, rootHash: MerkleHash, timestamp: UInt64) throws(EduError) {
        guard !origin.isEmpty, !origin.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw EduError.malformedCheckpoint(vi: "dòng nguồn gốc \"\(origin)\"", en: "origin line \"\(origin)\"")
        }
        self.origin = origin
        self.treeSize = treeSize
        self.rootHash = rootHash
        self.timestamp = timestamp
    }

    /// The note text: what is signed.
    public var text: String {
        "\(origin)\n\(treeSize)\n\(rootHash.base64)\n\(Self.timestampKey)\(timestamp)\n"
    }

    /// Reads a note text written by `text`, and only that: one spelling per checkpoint.
    public init(text: String) throws(EduError) {
        let lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
        guard lines.count == 5, lines[4].isEmpty,
              let size = Self.decimal(lines[1]),
              let root = MerkleHash(base64: lines[2]),
              lines[3].hasPrefix(Self.timestampKey),
              let timestamp = Self.decimal(String(lines[3].dropFirst(Self.timestampKey.count)))
        else {
            throw EduError.malformedCheckpoint(
                vi: "cần 4 dòng: nguồn gốc, kích thước, băm gốc base64, \"timestamp <ms>\"",
                en: "expected 4 lines: origin, size, base64 root hash, \"timestamp <ms>\"")
        }
        try self.init(origin: lines[0], treeSize: size, rootHash: root, timestamp: timestamp)
    }

    /// The signed note to store and publish.
    public func signed(by signer: some CheckpointSigner) throws -> String {
        try SignedNote.sign(text, with: signer)
    }

    /// The checkpoint in a signed note, once the verifier's signature on it verifies.
    public static func open(_ note: String, verifier: some CheckpointVerifier) throws(EduError) -> Checkpoint {
        try Checkpoint(text: SignedNote.open(note, verifier: verifier))
    }

    private static let timestampKey = "timestamp "

    /// ASCII digits without leading zeros, as the spec writes the size.
    private static func decimal(_ text: String) -> UInt64? {
        guard text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              text == "0" || !text.hasPrefix("0") else { return nil }
        return UInt64(text)
    }
}
