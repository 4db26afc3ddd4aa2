import SwiftASN1
import X509

extension SignedAttributes {
    /// The signed attributes of a PAdES baseline signature (ETSI EN 319 142-1): content type, message digest
    /// and the signer's certificate by hash. No signing-time: PAdES states the claimed time in the signature
    /// dictionary's `/M` instead, and forbids the attribute.
    static func padesBaseline(messageDigest: [UInt8], signer: Certificate) throws -> SignedAttributes {
        try SignedAttributes([
            CMSAttribute(type: OID.contentType, value: OID.data),
            CMSAttribute(type: OID.messageDigest, value: ASN1OctetString(contentBytes: messageDigest[...])),
            CMSAttribute(type: OID.signingCertificateV2, value: SigningCertificateV2(signer: signer)),
        ])
    }
}
