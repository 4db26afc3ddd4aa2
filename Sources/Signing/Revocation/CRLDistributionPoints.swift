import SwiftASN1
import X509

/// The CRL distribution points certificate extension (RFC 5280 §4.2.1.13), as far as fetching a CRL needs it:
///
///     CRLDistributionPoints ::= SEQUENCE SIZE (1..MAX) OF DistributionPoint
///     DistributionPoint ::= SEQUENCE { distributionPoint [0] DistributionPointName OPTIONAL,
///                                      reasons [1] ReasonFlags OPTIONAL, cRLIssuer [2] GeneralNames OPTIONAL }
///     DistributionPointName ::= CHOICE { fullName [0] GeneralNames, nameRelativeToCRLIssuer [1] RelativeDistinguishedName }
///
/// distributionPoint holds a CHOICE, so its tag is explicit even in RFC 5280's implicitly tagged module.
/// Written: one point per URL, named by its full name. Read: the URIs of points that have neither reasons nor
/// cRLIssuer. Such a point serves only some reasons, or another issuer's CRL, and a CRL from it that does not list
/// a certificate would not mean the certificate is good, so it is passed over.
struct CRLDistributionPoints: DERImplicitlyTaggable, Sendable {
    static var defaultIdentifier: ASN1Identifier { .sequence }
    private static let distributionPointTag = ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)
    private static let fullNameTag = ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)

    let urls: [String]

    init(urls: [String]) {
        self.urls = urls
    }

    init(_ certificateExtension: Certificate.Extension) throws {
        try self.init(derEncoded: certificateExtension.value)
    }

    init(derEncoded rootNode: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        urls = try DER.sequence(rootNode, identifier: identifier) { points in
            var urls: [String] = []
            while let point = points.next() {
                urls += try Self.completeCRLURLs(in: point)
            }
            return urls
        }
    }

    func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            for url in urls {
                try coder.appendConstructedNode(identifier: .sequence) { coder in
                    try coder.appendConstructedNode(identifier: Self.distributionPointTag) { coder in
                        try coder.serializeSequenceOf([GeneralName.uniformResourceIdentifier(url)], identifier: Self.fullNameTag)
                    }
                }
            }
        }
    }

    private static func completeCRLURLs(in point: ASN1Node) throws -> [String] {
        try DER.sequence(point, identifier: .sequence) { fields in
            let names = try DER.optionalExplicitlyTagged(&fields, tagNumber: 0, tagClass: .contextSpecific) { name in
                try name.identifier == Self.fullNameTag
                    ? DER.sequence(of: GeneralName.self, identifier: Self.fullNameTag, rootNode: name)
                    : []
            } ?? []
            // Anything after the name is reasons [1] or cRLIssuer [2].
            var isLimited = false
            while fields.next() != nil {
                isLimited = true
            }
            guard !isLimited else { return [] }
            return names.compactMap { name -> String? in
                guard case .uniformResourceIdentifier(let url) = name else { return nil }
                return url
            }
        }
    }
}

extension CRLDistributionPoints: CertificateExtensionConvertible {
    func makeCertificateExtension() throws -> Certificate.Extension {
        Certificate.Extension(oid: OID.crlDistributionPoints, critical: false, value: try derBytes()[...])
    }
}
