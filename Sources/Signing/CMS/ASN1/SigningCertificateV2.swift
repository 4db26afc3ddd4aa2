import EduCore
import SwiftASN1
import X509

/// The ESS signing-certificate-v2 attribute (RFC 5035 §3), required by CAdES: it names the signer's
/// certificate by hash inside the signed attributes, so a different certificate for the same key
/// cannot be swapped in after signing.
///
///     SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2, policies SEQUENCE OF PolicyInformation OPTIONAL }
///     ESSCertIDv2 ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier DEFAULT {id-sha256}, certHash OCTET STRING,
///                                issuerSerial IssuerSerial OPTIONAL }
///
/// Only the signer's own entry is written, by hash alone: issuerSerial is optional and the hash already
/// identifies the certificate. A reader checks the first entry, which RFC 5035 reserves for the signer,
/// by its hash; policies and issuerSerial are read past.
struct SigningCertificateV2: DERImplicitlyTaggable, Sendable {
    static var defaultIdentifier: ASN1Identifier { .sequence }

    private static let defaultHash = DigestAlgorithm.sha256

    let signerHashAlgorithm: AlgorithmIdentifier?
    let signerCertificateHash: ASN1OctetString

    init(signer: Certificate) throws {
        signerHashAlgorithm = nil
        signerCertificateHash = ASN1OctetString(contentBytes: Self.defaultHash.hash(try signer.derBytes())[...])
    }

    /// Whether the signer's entry names `certificate`; throws for a hash algorithm we cannot compute.
    func names(_ certificate: Certificate) throws -> Bool {
        let hash = try signerHashAlgorithm.map { identifier in
            guard let hash = DigestAlgorithm(identifier) else { throw EduError.unsupportedSignature }
            return hash
        } ?? Self.defaultHash
        return hash.hash(try certificate.derBytes()) == Array(signerCertificateHash.bytes)
    }

    init(derEncoded rootNode: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        (signerHashAlgorithm, signerCertificateHash) = try DER.sequence(rootNode, identifier: identifier) { nodes in
            let certs = try nodes.required("certs")
            _ = nodes.next()  // policies
            return try DER.sequence(certs, identifier: .sequence) { entries in
                let signerEntry = try entries.required("the signer's ESSCertIDv2")
                while entries.next() != nil {}  // further certificates: not the signer's
                return try DER.sequence(signerEntry, identifier: .sequence) { fields in
                    let hashAlgorithm: AlgorithmIdentifier? = try DER.optionalImplicitlyTagged(&fields, tag: .sequence)
                    let hash = try ASN1OctetString(derEncoded: &fields)
                    _ = fields.next()  // issuerSerial
                    return (hashAlgorithm, hash)
                }
            }
        }
    }

    func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try coder.appendConstructedNode(identifier: .sequence) { coder in
                try coder.appendConstructedNode(identifier: .sequence) { coder in
                    try coder.serializeOptionalImplicitlyTagged(signerHashAlgorithm)
                    try coder.serialize(signerCertificateHash)
                }
            }
        }
    }
}
