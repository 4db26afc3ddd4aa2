import Crypto
import Foundation
import SwiftASN1

/// `MessageImprint ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier, hashedMessage OCTET STRING }` (RFC 3161 §2.4.1):
/// the hash of the data a time-stamp is for. The data itself never reaches the authority.
struct MessageImprint: DERImplicitlyTaggable, Hashable, Sendable {
    static var defaultIdentifier: ASN1Identifier { .sequence }

    var hashAlgorithm: AlgorithmIdentifier
    var hashedMessage: [UInt8]

    init(hashAlgorithm: AlgorithmIdentifier, hashedMessage: [UInt8]) {
        self.hashAlgorithm = hashAlgorithm
        self.hashedMessage = hashedMessage
    }

    init(hashing data: some DataProtocol, with digest: DigestAlgorithm) {
        self.init(hashAlgorithm: digest.identifier, hashedMessage: digest.hash(data))
    }

    /// The hash named, when it is one computed here and its parameters are absent or NULL (RFC 5754 §2).
    var digestAlgorithm: DigestAlgorithm? {
        guard let digest = DigestAlgorithm(hashAlgorithm),
              hashAlgorithm.parameters == nil || hashAlgorithm.parameters == (try? ASN1Any(erasing: ASN1Null()))
        else { return nil }
        return digest
    }

    /// Whether the hashed message has the length of the hash named.
    var hasDigestLength: Bool {
        digestAlgorithm.map { hashedMessage.count == $0.byteCount } ?? false
    }

    /// The same hash of the same data. Parameters are not compared: absent and NULL mean the same.
    func matches(_ other: MessageImprint) -> Bool {
        hashAlgorithm.algorithm == other.hashAlgorithm.algorithm && hashedMessage == other.hashedMessage
    }

    init(derEncoded rootNode: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(rootNode, identifier: identifier) { nodes in
            MessageImprint(hashAlgorithm: try AlgorithmIdentifier(derEncoded: &nodes),
                           hashedMessage: Array(try ASN1OctetString(derEncoded: &nodes).bytes))
        }
    }

    func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try coder.serialize(hashAlgorithm)
            try coder.serialize(ASN1OctetString(contentBytes: hashedMessage[...]))
        }
    }
}

extension DigestAlgorithm {
    var byteCount: Int {
        switch self {
        case .sha256: SHA256.byteCount
        case .sha384: SHA384.byteCount
        case .sha512: SHA512.byteCount
        }
    }
}
