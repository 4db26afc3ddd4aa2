import SwiftASN1

/// RFC 3161 §2.4.1:
///
///     TimeStampReq ::= SEQUENCE { version INTEGER { v1(1) }, messageImprint MessageImprint,
///                                 reqPolicy TSAPolicyId OPTIONAL, nonce INTEGER OPTIONAL,
///                                 certReq BOOLEAN DEFAULT FALSE, extensions [0] IMPLICIT Extensions OPTIONAL }
struct TimeStampReq: DERImplicitlyTaggable, Sendable {
    static var defaultIdentifier: ASN1Identifier { .sequence }
    private static let version = 1
    private static let extensionsTag = ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)

    var messageImprint: MessageImprint
    var policy: ASN1ObjectIdentifier?
    /// Big-endian magnitude without leading zeros, so nonces compare as bytes.
    var nonce: ArraySlice<UInt8>?
    /// Whether the authority's certificate must travel in the token.
    var certificateRequested: Bool
    /// Kept as received: none is understood, so an authority refuses a request that has any.
    var extensions: ASN1Any?

    init(messageImprint: MessageImprint, policy: ASN1ObjectIdentifier? = nil, nonce: ArraySlice<UInt8>?,
         certificateRequested: Bool, extensions: ASN1Any? = nil) {
        self.messageImprint = messageImprint
        self.policy = policy
        self.nonce = nonce
        self.certificateRequested = certificateRequested
        self.extensions = extensions
    }

    init(derEncoded rootNode: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(rootNode, identifier: identifier) { nodes in
            guard try Int(derEncoded: &nodes) == Self.version else {
                throw ASN1Error.invalidASN1Object(reason: "Only TimeStampReq version 1 is read")
            }
            return TimeStampReq(
                messageImprint: try MessageImprint(derEncoded: &nodes),
                policy: try DER.optionalImplicitlyTagged(&nodes),
                nonce: try DER.optionalImplicitlyTagged(&nodes, tag: .integer),
                certificateRequested: try DER.decodeDefault(&nodes, identifier: .boolean, defaultValue: false),
                extensions: DER.optionalImplicitlyTagged(&nodes, tagNumber: 0, tagClass: .contextSpecific) { ASN1Any(derEncoded: $0) })
        }
    }

    func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try coder.serialize(Self.version)
            try coder.serialize(messageImprint)
            try coder.serializeOptionalImplicitlyTagged(policy)
            try coder.serializeOptionalImplicitlyTagged(nonce)
            // DER leaves out a value equal to its DEFAULT.
            if certificateRequested {
                try coder.serialize(true)
            }
            try coder.serializeOptionalImplicitlyTagged(extensions)
        }
    }
}
