import Crypto
import Foundation

/// Encrypts personal IDs at rest (AES-GCM) and derives a keyed hash (HMAC-SHA256) for
/// exact lookup, so the database never holds an ID in clear and equal IDs still match.
/// Sub-keys are derived from the one data key with HKDF, one per purpose; the third seals the
/// audit chain's head (`auditSeal`).
public struct PersonalDataCipher: Sendable {
    private let encryptionKey: SymmetricKey
    private let lookupKey: SymmetricKey
    private let sealKey: SymmetricKey

    public init(dataKey: SymmetricKey) {
        encryptionKey = HKDF<SHA256>.deriveKey(inputKeyMaterial: dataKey, info: Data("eduvn/encrypt/v1".utf8), outputByteCount: 32)
        lookupKey = HKDF<SHA256>.deriveKey(inputKeyMaterial: dataKey, info: Data("eduvn/lookup/v1".utf8), outputByteCount: 32)
        sealKey = HKDF<SHA256>.deriveKey(inputKeyMaterial: dataKey, info: Data("eduvn/audit-seal/v1".utf8), outputByteCount: 32)
    }

    /// Base64 of nonce ‖ ciphertext ‖ tag.
    public func seal(_ plaintext: String) throws -> String {
        try AES.GCM.seal(Data(plaintext.utf8), using: encryptionKey).combined!.base64EncodedString()
    }

    public func open(_ sealed: String) throws -> String {
        guard let data = Data(base64Encoded: sealed) else {
            throw EduError("crypto.corrupt", vi: "Dữ liệu mã hoá bị hỏng", en: "Encrypted data is corrupt")
        }
        let plain = try AES.GCM.open(AES.GCM.SealedBox(combined: data), using: encryptionKey)
        return String(decoding: plain, as: UTF8.self)
    }

    /// Bytes sealed the same way, kept as bytes: an uploaded sheet waiting in the job queue.
    public func seal(_ bytes: Data) throws -> Data {
        try AES.GCM.seal(bytes, using: encryptionKey).combined!
    }

    public func open(_ sealed: Data) throws -> Data {
        try AES.GCM.open(AES.GCM.SealedBox(combined: sealed), using: encryptionKey)
    }

    /// Hex HMAC of the value: the lookup column.
    public func lookupHash(_ value: String) -> String {
        Hex.encode(HMAC<SHA256>.authenticationCode(for: Data(value.utf8), using: lookupKey))
    }

    /// Hex HMAC that only the data key's holder can make: what pins the audit chain.
    public func auditSeal(_ value: String) -> String {
        Hex.encode(HMAC<SHA256>.authenticationCode(for: Data(value.utf8), using: sealKey))
    }
}

/// Loading and creating the data key (`EDUVN_DATA_KEY`: 32 bytes, base64).
public enum DataKey {
    public static func parse(_ base64: String) throws -> SymmetricKey {
        guard let data = Data(base64Encoded: base64.trimmingWhitespace), data.count == 32 else {
            throw EduError("config.data_key",
                           vi: "EDUVN_DATA_KEY phải là 32 byte mã base64",
                           en: "EDUVN_DATA_KEY must be 32 bytes, base64-encoded")
        }
        return SymmetricKey(data: data)
    }

    public static func generate() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
    }
}
