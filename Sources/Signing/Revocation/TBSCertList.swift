import Foundation
import SwiftASN1
import X509

/// The signed part of a CRL (RFC 5280 §5.1):
///
///     TBSCertList ::= SEQUENCE { version Version OPTIONAL -- v2 --, signature AlgorithmIdentifier, issuer Name,
///                                thisUpdate Time, nextUpdate Time OPTIONAL,
///                                revokedCertificates SEQUENCE OF SEQUENCE { … } OPTIONAL,
///                                crlExtensions [0] EXPLICIT Extensions OPTIONAL }
///
/// Written as v2, which extensions require (§5.1.2.1); read as v2 or as v1, which has no version field.
struct TBSCertList: DERImplicitlyTaggable, Sendable {
    static var defaultIdentifier: ASN1Identifier { .sequence }
    /// v2 is encoded as 1.
    private static let version = 1
    private static let extensionsTag = ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)

    var signature: AlgorithmIdentifier
    var issuer: DistinguishedName
    var thisUpdate: Date
    var nextUpdate: Date?
    var revokedCertificates: [RevokedCertificate]
    var extensions: Certificate.Extensions

    init(signature: AlgorithmIdentifier, issuer: DistinguishedName, thisUpdate: Date, nextUpdate: Date?,
         revokedCertificates: [RevokedCertificate], extensions: Certificate.Extensions) {
        self.signature = signature
        self.issuer = issuer
        self.thisUpdate = thisUpdate
        self.nextUpdate = nextUpdate
        self.revokedCertificates = revokedCertificates
        self.extensions = extensions
    }

    init(derEncoded rootNode: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(rootNode, identifier: identifier) { nodes in
            if let version = try nodes.optional(.integer).map({ try Int(derEncoded: $0) }), version != Self.version {
                throw ASN1Error.invalidASN1Object(reason: "Only CRL versions 1 and 2 are read")
            }
            let signature = try AlgorithmIdentifier(derEncoded: &nodes)
            let issuer = try DistinguishedName(derEncoded: nodes.required("issuer"))
            let thisUpdate = try CRLTime.decode(nodes.required("thisUpdate"))
            let nextUpdate = try CRLTime.decodeOptional(&nodes)
            let revoked = try nodes.optional(.sequence).map {
                try DER.sequence(of: RevokedCertificate.self, identifier: .sequence, rootNode: $0)
            } ?? []
            let extensions = try DER.optionalExplicitlyTagged(&nodes, tagNumber: 0, tagClass: .contextSpecific) {
                try Certificate.Extensions(DER.sequence(of: Certificate.Extension.self, identifier: .sequence, rootNode: $0))
            } ?? Certificate.Extensions()
            return TBSCertList(signature: signature, issuer: issuer, thisUpdate: thisUpdate, nextUpdate: nextUpdate,
                               revokedCertificates: revoked, extensions: extensions)
        }
    }

    func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try coder.serialize(Self.version)
            try coder.serialize(signature)
            try coder.serialize(issuer)
            try coder.serialize(CRLTime.encode(thisUpdate))
            if let nextUpdate {
                try coder.serialize(CRLTime.encode(nextUpdate))
            }
            // §5.1.2.6: with nothing revoked the list is left out, not written empty.
            if !revokedCertificates.isEmpty {
                try coder.serializeSequenceOf(revokedCertificates)
            }
            if !extensions.isEmpty {
                try coder.appendConstructedNode(identifier: Self.extensionsTag) { coder in
                    try coder.serializeSequenceOf(extensions)
                }
            }
        }
    }
}
