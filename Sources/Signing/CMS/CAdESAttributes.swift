import Foundation
import SwiftASN1
import X509

extension SignedAttributes {
    /// The signed attributes of a CAdES-B-B signature (ETSI EN 319 122-1 §5.1, §5.2.1-5.2.2):
    /// content type, message digest, signing time, and the signer's certificate by hash.
    static func cadesBaseline(messageDigest: [UInt8], signingTime: Date, signer: Certificate) throws -> SignedAttributes {
        try SignedAttributes([
            CMSAttribute(type: OID.contentType, value: OID.data),
            CMSAttribute(type: OID.signingTime, value: SigningTimeValue.encode(signingTime)),
            CMSAttribute(type: OID.messageDigest, value: ASN1OctetString(contentBytes: messageDigest[...])),
            CMSAttribute(type: OID.signingCertificateV2, value: SigningCertificateV2(signer: signer)),
        ])
    }
}
