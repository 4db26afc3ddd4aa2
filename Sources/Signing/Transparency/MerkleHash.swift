import Foundation

/// A SHA-256 value in the log: a leaf hash, a node hash or a root hash.
/// Stored inline as four words rather than an array, since a 10-million-entry log has about
/// 20 million of them and an array would put each on the heap.
public struct MerkleHash: Sendable, Hashable {
    public static let byteCount = 32

    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    /// Nil unless `bytes` holds exactly 32 bytes.
    public init?<Bytes: Collection<UInt8>>(_ bytes: Bytes) {
        guard bytes.count == Self.byteCount else { return nil }
        withUnsafeMutableBytes(of: &words) { $0.copyBytes(from: bytes) }
    }

    init(copying raw: UnsafeRawBufferPointer) {
        precondition(raw.count == Self.byteCount)
        withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: raw) }
    }

    public var bytes: [UInt8] { withUnsafeBytes(Array.init) }

    /// The raw 32 bytes, without copying them to the heap.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try Swift.withUnsafeBytes(of: words, body)
    }

    public static func == (lhs: MerkleHash, rhs: MerkleHash) -> Bool {
        lhs.words == rhs.words
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }
}

extension MerkleHash: CustomStringConvertible {
    /// Lower-case hexadecimal, as in the RFC 9162 and CT test vectors.
    public var description: String {
        let digits = Array("0123456789abcdef".utf8)
        return String(decoding: bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0F)]] }, as: UTF8.self)
    }
}

extension MerkleHash: Codable {
    /// Base64 in JSON, as checkpoints and CT's API write hashes.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let hash = MerkleHash(base64: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "not the base64 of 32 bytes"))
        }
        self = hash
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(base64)
    }

    public var base64: String { Data(bytes).base64EncodedString() }

    /// Nil unless `text` is the canonical base64 of exactly 32 bytes (one spelling per hash, so a
    /// signed text cannot be varied without changing its meaning).
    public init?(base64 text: String) {
        guard let data = Data(base64Encoded: text), let hash = MerkleHash(data), hash.base64 == text else {
            return nil
        }
        self = hash
    }
}
