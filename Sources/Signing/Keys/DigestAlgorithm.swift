import Crypto
import Foundation

/// The hashes a signature may use for the content and for certificate references, and a time-stamp
/// request for its message imprint.
enum DigestAlgorithm: Sendable {
    case sha256, sha384, sha512

    init?(_ identifier: AlgorithmIdentifier) {
        switch identifier.algorithm {
        case OID.sha256: self = .sha256
        case OID.sha384: self = .sha384
        case OID.sha512: self = .sha512
        default: return nil
        }
    }

    /// Parameters are absent, as RFC 5754 §2 asks producers to write them.
    var identifier: AlgorithmIdentifier {
        switch self {
        case .sha256: AlgorithmIdentifier(algorithm: OID.sha256)
        case .sha384: AlgorithmIdentifier(algorithm: OID.sha384)
        case .sha512: AlgorithmIdentifier(algorithm: OID.sha512)
        }
    }

    func hash(_ data: some DataProtocol) -> [UInt8] {
        switch self {
        case .sha256: Array(SHA256.hash(data: data))
        case .sha384: Array(SHA384.hash(data: data))
        case .sha512: Array(SHA512.hash(data: data))
        }
    }
}
