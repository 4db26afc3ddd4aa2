import SwiftASN1

/// RFC 5652 §5.3, for a signer named by issuer and serial number (version 1):
///
///     SignerInfo ::= SEQUENCE { version CMSVersion, sid SignerIdentifier, digestAlgorithm DigestAlgorithmIdentifier,
///                               signedAttrs [0] IMPLICIT SignedAttributes OPTIONAL,
///                               signatureAlgorithm SignatureAlgorithmIdentifier, signature SignatureValue,
///                               unsignedAttrs [1] IMPLICIT UnsignedAttributes OPTIONAL }
///
/// Unsigned attributes are where a B-T signature's time-stamp goes (ETSI EN 319 122-1 signature-time-stamp).
struct SignerInfo: DERImplicitlyTaggable, Sendable {
    static var defaultIdentifier: ASN1Identifier { .sequence }
    private static let version = 1
    private static let unsignedAttributesTag = ASN1Identifier(tagWithNumber: 1, tagClass: .contextSpecific)

    var signer: IssuerAndSerialNumber
    var digestAlgorithm: AlgorithmIdentifier
    var signedAttributes: SignedAttributes?
    var signatureAlgorithm: AlgorithmIdentifier
    var signature: ASN1OctetString
    /// Outside the signature, so they can be added after signing; none are written when empty.
    var unsignedAttributes: [CMSAttribute]

    init(signer: IssuerAndSerialNumber, digestAlgorithm: AlgorithmIdentifier, signedAttributes: SignedAttributes?,
         signatureAlgorithm: AlgorithmIdentifier, signature: ASN1OctetString, unsignedAttributes: [CMSAttribute] = []) {
        self.signer = signer
        self.digestAlgorithm = digestAlgorithm
        self.signedAttributes = signedAttributes
        self.signatureAlgorithm = signatureAlgorithm
        self.signature = signature
        self.unsignedAttributes = unsignedAttributes
    }

    init(derEncoded rootNode: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(rootNode, identifier: identifier) { nodes in
            guard try Int(derEncoded: &nodes) == Self.version else {
                throw ASN1Error.invalidASN1Object(reason: "Only SignerInfo version 1 (issuer and serial number) is read")
            }
            let signer = try IssuerAndSerialNumber(derEncoded: &nodes)
            let digestAlgorithm = try AlgorithmIdentifier(derEncoded: &nodes)
            let signedAttributes = try DER.optionalImplicitlyTagged(
                &nodes, tagNumber: 0, tagClass: .contextSpecific, SignedAttributes.init(derEncoded:))
            let signatureAlgorithm = try AlgorithmIdentifier(derEncoded: &nodes)
            let signature = try ASN1OctetString(derEncoded: &nodes)
            let unsignedAttributes = try DER.optionalImplicitlyTagged(&nodes, tagNumber: 1, tagClass: .contextSpecific) { node in
                try DER.sequence(of: CMSAttribute.self, identifier: Self.unsignedAttributesTag, rootNode: node)
            } ?? []
            return SignerInfo(signer: signer, digestAlgorithm: digestAlgorithm, signedAttributes: signedAttributes,
                              signatureAlgorithm: signatureAlgorithm, signature: signature, unsignedAttributes: unsignedAttributes)
        }
    }

    func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try coder.serialize(Self.version)
            try coder.serialize(signer)
            try coder.serialize(digestAlgorithm)
            signedAttributes?.serialize(into: &coder)
            try coder.serialize(signatureAlgorithm)
            try coder.serialize(signature)
            if !unsignedAttributes.isEmpty {
                try coder.serializeSetOf(unsignedAttributes, identifier: Self.unsignedAttributesTag)
            }
        }
    }

    /// The value of a single-valued unsigned attribute, or nil when the attribute is absent.
    func unsignedValue(of type: ASN1ObjectIdentifier) throws -> ASN1Any? {
        let matching = unsignedAttributes.filter { $0.type == type }
        guard let attribute = matching.first else { return nil }
        guard matching.count == 1, attribute.values.count == 1 else {
            throw ASN1Error.invalidASN1Object(reason: "Unsigned attribute \(type) must appear once with one value")
        }
        return attribute.values[0]
    }
}
