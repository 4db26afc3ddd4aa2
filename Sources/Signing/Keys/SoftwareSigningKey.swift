import _CryptoExtras
import Crypto
import EduCore
import X509

/// A private key held in memory. Stored as PKCS#8 PEM; encrypting it at rest is the caller's job.
public struct SoftwareSigningKey: SigningKey {
    private enum Backing: Sendable {
        case p256(P256.Signing.PrivateKey)
        case p384(P384.Signing.PrivateKey)
        /// swift-crypto's key issues certificates; libcrypto's signs (see ``LibCryptoRSAKey``).
        case rsa(_RSA.Signing.PrivateKey, LibCryptoRSAKey)
    }

    /// 3072 bits: the smallest RSA size with 128-bit security (ASVS 5.0 V11.2.3).
    private static let generatedRSASize = _RSA.Signing.KeySize.bits3072

    private let backing: Backing

    private init(_ backing: Backing) {
        self.backing = backing
    }

    private init(_ key: _RSA.Signing.PrivateKey) throws(EduError) {
        self.init(.rsa(key, try LibCryptoRSAKey(pkcs1DER: Array(key.derRepresentation))))
    }

    public static func generate(_ algorithm: SigningAlgorithm) throws -> SoftwareSigningKey {
        switch algorithm {
        case .ecdsaP256SHA256: SoftwareSigningKey(.p256(P256.Signing.PrivateKey()))
        case .ecdsaP384SHA384: SoftwareSigningKey(.p384(P384.Signing.PrivateKey()))
        case .rsaPKCS1SHA256: try SoftwareSigningKey(try _RSA.Signing.PrivateKey(keySize: generatedRSASize))
        }
    }

    /// Reads a P-256, P-384 or RSA (2048 bits or more) private key from PEM.
    public init(pkcs8PEM pem: String) throws(EduError) {
        if let key = try? P256.Signing.PrivateKey(pemRepresentation: pem) {
            self.init(.p256(key))
        } else if let key = try? P384.Signing.PrivateKey(pemRepresentation: pem) {
            self.init(.p384(key))
        } else if let key = try? _RSA.Signing.PrivateKey(pemRepresentation: pem) {
            try self.init(key)
        } else {
            throw .unreadablePrivateKey
        }
    }

    /// Reads a P-256, P-384 or RSA (2048 bits or more) private key from DER: PKCS#8, SEC1 or PKCS#1,
    /// as PKCS#12 files and tokens hand them out.
    public init(der: [UInt8]) throws(EduError) {
        if let key = try? P256.Signing.PrivateKey(derRepresentation: der) {
            self.init(.p256(key))
        } else if let key = try? P384.Signing.PrivateKey(derRepresentation: der) {
            self.init(.p384(key))
        } else if let key = try? _RSA.Signing.PrivateKey(derRepresentation: der) {
            try self.init(key)
        } else {
            throw .unreadablePrivateKey
        }
    }

    public var pkcs8PEM: String {
        switch backing {
        case .p256(let key): key.pemRepresentation
        case .p384(let key): key.pemRepresentation
        case .rsa(let key, _): key.pkcs8PEMRepresentation
        }
    }

    public var algorithm: SigningAlgorithm {
        switch backing {
        case .p256: .ecdsaP256SHA256
        case .p384: .ecdsaP384SHA384
        case .rsa: .rsaPKCS1SHA256
        }
    }

    public var publicKey: Certificate.PublicKey {
        certificatePrivateKey.publicKey
    }

    public func sign(_ data: [UInt8]) async throws -> [UInt8] {
        switch backing {
        case .p256(let key): Array(try key.signature(for: data).derRepresentation)
        case .p384(let key): Array(try key.signature(for: data).derRepresentation)
        case .rsa(_, let key): try key.signPKCS1SHA256(data)
        }
    }

    /// The same key as swift-certificates takes it, for issuing certificates.
    var certificatePrivateKey: Certificate.PrivateKey {
        switch backing {
        case .p256(let key): Certificate.PrivateKey(key)
        case .p384(let key): Certificate.PrivateKey(key)
        case .rsa(let key, _): Certificate.PrivateKey(key)
        }
    }
}
