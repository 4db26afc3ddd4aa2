import EduCore
import Crypto

/// Signs checkpoints as the log. The key name and ID are those of a C2SP signed-note signature
/// line; `Ed25519CheckpointSigner` is the one implementation, and a hardware-held key can be
/// another.
public protocol CheckpointSigner: Sendable {
    /// Non-empty, without spaces or "+"; by convention the log's origin line.
    var keyName: String { get }
    /// C2SP signed-note key ID: tells verifiers which of their keys to try.
    var keyID: UInt32 { get }
    func sign(_ bytes: [UInt8]) throws -> [UInt8]
}

/// Checks a log's checkpoint signatures: what a client or an auditor is configured with.
public protocol CheckpointVerifier: Sendable {
    var keyName: String { get }
    var keyID: UInt32 { get }
    func isValidSignature(_ signature: [UInt8], for bytes: [UInt8]) -> Bool
}

/// The rules of C2SP signed-note for naming and identifying keys.
enum NoteKey {
    /// Key names must be non-empty and free of Unicode spaces and "+", which separate the fields
    /// of a verifier key; control characters would break the note's lines.
    static func validate(name: String) throws(EduError) {
        let bad = name.unicodeScalars.contains { $0 == "+" || $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }
        guard !name.isEmpty, !bad else {
            throw EduError.malformedKey(vi: "tên khoá \"\(name)\" rỗng hoặc chứa dấu cách, \"+\"",
                                                 en: "key name \"\(name)\" is empty or contains a space or \"+\"")
        }
    }

    /// SHA-256(key name || 0x0A || signature type || public key)[:4], big-endian.
    static func id(name: String, typeAndKey: [UInt8]) -> UInt32 {
        SHA256.hash(data: Array(name.utf8) + [0x0A] + typeAndKey).prefix(4).reduce(0) { $0 << 8 | UInt32($1) }
    }
}
