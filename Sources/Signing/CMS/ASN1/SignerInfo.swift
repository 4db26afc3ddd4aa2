import SwiftASN1

/// RFC 5652 §5.3, for a signer named by issuer and serial number (version 1):
///
///     SignerInfo ::= SEQUENCE { version CMSVersion, sid SignerIdentifier, digestAlgorithm DigestAlgorithmIdentifier,
///                               signedAttrs [0] IMPLICIT SignedAttributes OPTIONAL,
///                               signatureAlgorithm SignatureAlgorithmIdentifier, signature SignatureValue,
///                               unsignedAttrs [1] IMPLICIT UnsignedAttributes OPTIONAL }
///
/// Unsigned attributes (where a CAdES-B-T time-stamp would go) are read past, not kept, for now.
struct SignerInfo: DERImplicitlyTaggable, Sendable {
    static var defaultIdentifier: ASN1Identifier { .sequence }
    private static let version = 1

    var signer: IssuerAndSerialNumber
    var digestAlgorithm: AlgorithmIdentifier
    var signedAttributes: SignedAttributes?
    var signatureAlgorithm: AlgorithmIdentifier
    var signature: ASN1OctetString

    init(signer: IssuerAndSerialNumber, digestAlgorithm: AlgorithmIdentifier, signedAttributes: SignedAttributes?,
         signatureAlgorithm: AlgorithmIdentifier, signature: ASN1OctetString) {
        self.signer = signer
        self.digestAlgorithm = digestAlgorithm
        self.signedAttributes = signedAttributes
        self.signatureAlgorithm = signatureAlgorithm
        self.signature = signature
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
            _ = DER.optionalImplicitlyTagged(&nodes, tagNumber: 1, tagClass: .contextSpecific) { $0 }
            return SignerInfo(signer: signer, digestAlgorithm: digestAlgorithm, signedAttributes: signedAttributes,
                              signatureAlgorithm: signatureAlgorithm, signature: signature)
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
        }
    }
}
