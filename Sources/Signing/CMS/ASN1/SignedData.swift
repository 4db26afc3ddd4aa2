import SwiftASN1
import X509

/// RFC 5652 §5.1, wrapped in its ContentInfo (§3):
///
///     ContentInfo ::= SEQUENCE { contentType ContentType, content [0] EXPLICIT ANY DEFINED BY contentType }
///     SignedData ::= SEQUENCE { version CMSVersion, digestAlgorithms SET OF DigestAlgorithmIdentifier,
///                               encapContentInfo EncapsulatedContentInfo,
///                               certificates [0] IMPLICIT CertificateSet OPTIONAL,
///                               crls [1] IMPLICIT RevocationInfoChoices OPTIONAL, signerInfos SET OF SignerInfo }
///     EncapsulatedContentInfo ::= SEQUENCE { eContentType ContentType, eContent [0] EXPLICIT OCTET STRING OPTIONAL }
///
/// Only plain X.509 certificates are read from the certificate set; revocation data is read past.
struct SignedData: DERImplicitlyTaggable, Sendable {
    static var defaultIdentifier: ASN1Identifier { .sequence }
    /// RFC 5652 §5.1, given no attribute certificates and every SignerInfo of version 1: version 1 for content
    /// type id-data, 3 for any other (a time-stamp token's id-ct-TSTInfo). The only versions this type can read.
    private static func version(for contentType: ASN1ObjectIdentifier) -> Int { contentType == OID.data ? 1 : 3 }
    private static let readableVersions: Set = [1, 3]
    private static let certificatesTag = ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)

    var digestAlgorithms: [AlgorithmIdentifier]
    var contentType: ASN1ObjectIdentifier
    /// The document itself when the signature carries it; nil for a detached signature.
    var content: ASN1OctetString?
    var certificates: [Certificate]
    var signerInfos: [SignerInfo]

    init(digestAlgorithms: [AlgorithmIdentifier], contentType: ASN1ObjectIdentifier, content: ASN1OctetString?,
         certificates: [Certificate], signerInfos: [SignerInfo]) {
        self.digestAlgorithms = digestAlgorithms
        self.contentType = contentType
        self.content = content
        self.certificates = certificates
        self.signerInfos = signerInfos
    }

    init(derEncoded rootNode: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(rootNode, identifier: identifier) { nodes in
            guard try Self.readableVersions.contains(Int(derEncoded: &nodes)) else {
                throw ASN1Error.invalidASN1Object(reason: "Only SignedData versions 1 and 3 are read")
            }
            // SET OF fields are read as sequences: element order does not change what is signed.
            let digestAlgorithms = try DER.sequence(of: AlgorithmIdentifier.self, identifier: .set, nodes: &nodes)
            let (contentType, content) = try DER.sequence(nodes.required("encapContentInfo"), identifier: .sequence) { fields in
                let type = try ASN1ObjectIdentifier(derEncoded: &fields)
                let content = try DER.optionalExplicitlyTagged(&fields, tagNumber: 0, tagClass: .contextSpecific) {
                    try ASN1OctetString(derEncoded: $0)
                }
                return (type, content)
            }
            let certificates = try DER.optionalImplicitlyTagged(&nodes, tagNumber: 0, tagClass: .contextSpecific) { node in
                try DER.sequence(of: Certificate.self, identifier: Self.certificatesTag, rootNode: node)
            } ?? []
            _ = DER.optionalImplicitlyTagged(&nodes, tagNumber: 1, tagClass: .contextSpecific) { $0 }
            let signerInfos = try DER.sequence(of: SignerInfo.self, identifier: .set, nodes: &nodes)
            return SignedData(digestAlgorithms: digestAlgorithms, contentType: contentType, content: content,
                              certificates: certificates, signerInfos: signerInfos)
        }
    }

    func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try coder.serialize(Self.version(for: contentType))
            try coder.serializeSetOf(digestAlgorithms)
            try coder.appendConstructedNode(identifier: .sequence) { coder in
                try coder.serialize(contentType)
                if let content {
                    try coder.serialize(content, explicitlyTaggedWithTagNumber: 0, tagClass: .contextSpecific)
                }
            }
            // A time-stamp token leaves them out unless asked (RFC 3161 §2.4.1 certReq): no empty [0] then.
            if !certificates.isEmpty {
                try coder.serializeSetOf(certificates, identifier: Self.certificatesTag)
            }
            try coder.serializeSetOf(signerInfos)
        }
    }

    /// The DER of a ContentInfo holding this SignedData.
    func contentInfoBytes() throws -> [UInt8] {
        var coder = DER.Serializer()
        try coder.appendConstructedNode(identifier: .sequence) { coder in
            try coder.serialize(OID.signedData)
            try coder.serialize(self, explicitlyTaggedWithTagNumber: 0, tagClass: .contextSpecific)
        }
        return coder.serializedBytes
    }

    /// Reads a ContentInfo that must hold a SignedData.
    init(contentInfo bytes: [UInt8]) throws {
        self = try DER.sequence(DER.parse(bytes), identifier: .sequence) { nodes in
            guard try ASN1ObjectIdentifier(derEncoded: &nodes) == OID.signedData else {
                throw ASN1Error.invalidASN1Object(reason: "The ContentInfo does not hold SignedData")
            }
            return try DER.explicitlyTagged(&nodes, tagNumber: 0, tagClass: .contextSpecific) { try SignedData(derEncoded: $0) }
        }
    }
}
