import SwiftASN1

extension CMSSigner {
    /// A TimeStampToken (RFC 3161 §2.4.2): SignedData with the TSTInfo's DER embedded, signed with the
    /// attributes content-type, message-digest and signing-certificate-v2. RFC 3161 and RFC 5816 §2.2.1
    /// require the authority's certificate to be named inside the signature; OpenSSL refuses a token without it.
    /// `includingCertificates` answers the request's certReq: the authority's certificate and its CAs.
    func timestampToken(for info: TSTInfo, includingCertificates: Bool) async throws -> [UInt8] {
        let content = try info.derBytes()
        let attributes = try SignedAttributes([
            CMSAttribute(type: OID.contentType, value: OID.tstInfo),
            CMSAttribute(type: OID.messageDigest, value: ASN1OctetString(contentBytes: key.algorithm.digest.hash(content)[...])),
            CMSAttribute(type: OID.signingCertificateV2, value: SigningCertificateV2(signer: certificate)),
        ])
        return try await signedData(
            attributes: attributes, contentType: OID.tstInfo, content: ASN1OctetString(contentBytes: content[...]),
            certificates: includingCertificates ? [certificate] + intermediates : []
        ).contentInfoBytes()
    }
}
