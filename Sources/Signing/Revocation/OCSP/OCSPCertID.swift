import Foundation
import Crypto
import SwiftASN1
import X509

/// How a request and a response name a certificate (RFC 6960 §4.1.1):
///
///     CertID ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier, issuerNameHash OCTET STRING,
///                           issuerKeyHash OCTET STRING, serialNumber CertificateSerialNumber }
///
/// The hashes are of the issuer's subject name (DER) and of its public key (the BIT STRING's value).
struct OCSPCertID: DERImplicitlyTaggable, Sendable {
    static var defaultIdentifier: ASN1Identifier { .sequence }

    var hashAlgorithm: AlgorithmIdentifier
    var issuerNameHash: [UInt8]
    var issuerKeyHash: [UInt8]
    var serial: Certificate.SerialNumber

    /// SHA-1 unless told otherwise: RFC 5019 §2.1.1 asks clients for it and every responder reads it. Here it only
    /// names the certificate; the response's signature is what protects the answer.
    init(certificate: Certificate, issuer: Certificate, hash: ASN1ObjectIdentifier = OID.sha1) throws {
        guard let nameHash = try Self.digest(issuer.subject.derBytes(), with: hash),
              let keyHash = Self.digest(issuer.publicKey.subjectPublicKeyInfoBytes, with: hash)
        else { throw ASN1Error.invalidASN1Object(reason: "unsupported CertID hash \(hash)") }
        hashAlgorithm = AlgorithmIdentifier(algorithm: hash, parameters: try ASN1Any(erasing: ASN1Null()))
        issuerNameHash = nameHash
        issuerKeyHash = keyHash
        serial = certificate.serialNumber
    }

    init(derEncoded rootNode: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        (hashAlgorithm, issuerNameHash, issuerKeyHash, serial) = try DER.sequence(rootNode, identifier: identifier) { nodes in
            (try AlgorithmIdentifier(derEncoded: &nodes),
             Array(try ASN1OctetString(derEncoded: &nodes).bytes),
             Array(try ASN1OctetString(derEncoded: &nodes).bytes),
             Certificate.SerialNumber(bytes: try ArraySlice<UInt8>(derEncoded: &nodes)))
        }
    }

    func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try coder.serialize(hashAlgorithm)
            try coder.serialize(ASN1OctetString(contentBytes: issuerNameHash[...]))
            try coder.serialize(ASN1OctetString(contentBytes: issuerKeyHash[...]))
            try coder.serialize(serial.bytes)
        }
    }

    /// Whether this names `certificate` of `issuer`, under whichever hash the responder chose.
    func names(_ certificate: Certificate, issuedBy issuer: Certificate) -> Bool {
        guard serial == certificate.serialNumber,
              let expected = try? OCSPCertID(certificate: certificate, issuer: issuer, hash: hashAlgorithm.algorithm)
        else { return false }
        return expected.issuerNameHash == issuerNameHash && expected.issuerKeyHash == issuerKeyHash
    }

    static func digest(_ bytes: some DataProtocol, with algorithm: ASN1ObjectIdentifier) -> [UInt8]? {
        switch algorithm {
        case OID.sha1: Array(Insecure.SHA1.hash(data: bytes))
        case OID.sha256: Array(SHA256.hash(data: bytes))
        case OID.sha384: Array(SHA384.hash(data: bytes))
        case OID.sha512: Array(SHA512.hash(data: bytes))
        default: nil
        }
    }
}
