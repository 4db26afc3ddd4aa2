import SwiftASN1

/// A CRL as signed (RFC 5280 §5.1):
///
///     CertificateList ::= SEQUENCE { tbsCertList TBSCertList, signatureAlgorithm AlgorithmIdentifier,
///                                    signatureValue BIT STRING }
///
/// tbsCertList's DER is kept as received or written, so the signature is checked over exactly those bytes,
/// never over a re-encoding of what was parsed.
struct CertificateList: DERImplicitlyTaggable, Sendable {
    static var defaultIdentifier: ASN1Identifier { .sequence }

    let tbsCertList: TBSCertList
    /// The DER of `tbsCertList`: what the signature covers.
    let signedBytes: ArraySlice<UInt8>
    let signatureAlgorithm: AlgorithmIdentifier
    let signatureValue: ASN1BitString

    init(tbsCertList: TBSCertList, signedBytes: ArraySlice<UInt8>, signatureAlgorithm: AlgorithmIdentifier,
         signatureValue: ASN1BitString) {
        self.tbsCertList = tbsCertList
        self.signedBytes = signedBytes
        self.signatureAlgorithm = signatureAlgorithm
        self.signatureValue = signatureValue
    }

    init(derEncoded rootNode: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(rootNode, identifier: identifier) { nodes in
            let tbsNode = try nodes.required("tbsCertList")
            return CertificateList(tbsCertList: try TBSCertList(derEncoded: tbsNode), signedBytes: tbsNode.encodedBytes,
                                   signatureAlgorithm: try AlgorithmIdentifier(derEncoded: &nodes),
                                   signatureValue: try ASN1BitString(derEncoded: &nodes))
        }
    }

    func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            coder.serializeRawBytes(signedBytes)
            try coder.serialize(signatureAlgorithm)
            try coder.serialize(signatureValue)
        }
    }
}
