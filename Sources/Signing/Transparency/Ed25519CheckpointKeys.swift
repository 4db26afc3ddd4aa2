import EduCore
import Crypto
import Foundation

/// Signs checkpoints with Ed25519, signature type 0x01 of C2SP signed-note, the type every
/// checkpoint verifier and witness understands.
public struct Ed25519CheckpointSigner: CheckpointSigner {
    public let verifier: Ed25519CheckpointVerifier
    private let privateKey: Curve25519.Signing.PrivateKey

    public init(keyName: String, privateKey: Curve25519.Signing.PrivateKey) throws(EduError) {
        self.verifier = try Ed25519CheckpointVerifier(keyName: keyName, publicKey: privateKey.publicKey)
        self.privateKey = privateKey
    }

    public var keyName: String { verifier.keyName }
    public var keyID: UInt32 { verifier.keyID }

    public func sign(_ bytes: [UInt8]) throws -> [UInt8] {
        Array(try privateKey.signature(for: bytes))
    }
}

public struct Ed25519CheckpointVerifier: CheckpointVerifier {
    static let signatureType: UInt8 = 0x01

    public let keyName: String
    public let keyID: UInt32
    public let publicKey: Curve25519.Signing.PublicKey

    public init(keyName: String, publicKey: Curve25519.Signing.PublicKey) throws(EduError) {
        try NoteKey.validate(name: keyName)
        self.keyName = keyName
        self.publicKey = publicKey
        self.keyID = NoteKey.id(name: keyName, typeAndKey: [Self.signatureType] + publicKey.rawRepresentation)
    }

    /// Reads a verifier key as published: `name+keyID(8 hex digits)+base64(0x01 || public key)`.
    public init(verifierKey: String) throws(EduError) {
        let malformed = EduError.malformedKey(vi: "khoá xác minh \"\(verifierKey)\"",
                                                       en: "verifier key \"\(verifierKey)\"")
        // The base64 field may itself contain "+": split off the first two fields only.
        let fields = verifierKey.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard fields.count == 3, fields[1].count == 8, let claimedID = UInt32(fields[1], radix: 16),
              let typeAndKey = Data(base64Encoded: String(fields[2])), typeAndKey.count == 33,
              typeAndKey.first == Self.signatureType,
              let publicKey = try? Curve25519.Signing.PublicKey(rawRepresentation: typeAndKey.dropFirst())
        else { throw malformed }
        try self.init(keyName: String(fields[0]), publicKey: publicKey)
        guard keyID == claimedID else { throw malformed }
    }

    /// The form to publish, so clients and witnesses can check this log's checkpoints.
    public var verifierKey: String {
        let typeAndKey = Data([Self.signatureType] + publicKey.rawRepresentation)
        let hexID = String(keyID, radix: 16)
        return keyName + "+" + String(repeating: "0", count: 8 - hexID.count) + hexID + "+" + typeAndKey.base64EncodedString()
    }

    public func isValidSignature(_ signature: [UInt8], for bytes: [UInt8]) -> Bool {
        publicKey.isValidSignature(signature, for: bytes)
    }
}
