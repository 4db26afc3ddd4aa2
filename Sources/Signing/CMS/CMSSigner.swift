import EduCore
import Foundation
import SwiftASN1
import X509

/// Makes detached CMS signatures at the CAdES baseline B-B level (ETSI EN 319 122-1): SignedData over
/// the document's bytes, with signed content type, message digest, signing time and ESS
/// signing-certificate-v2, and the signer's certificate chain attached.
public struct CMSSigner: Sendable {
    public let key: any SigningKey
    public let certificate: Certificate
    /// CA certificates sent along so a verifier can build the chain; the root may be left out.
    public let intermediates: [Certificate]

    public init(key: any SigningKey, certificate: Certificate, intermediates: [Certificate] = []) throws(EduError) {
        guard key.publicKey == certificate.publicKey else { throw .keyDoesNotMatchCertificate }
        self.key = key
        self.certificate = certificate
        self.intermediates = intermediates
    }

    /// The DER of a ContentInfo holding a SignedData without the content (a `.p7s` file).
    /// `signingTime` is the signer's claim; a later time-stamp (CAdES-B-T) is what would prove it.
    /// With `timestamping`, the signature gets a signature-time-stamp: CAdES-B-T.
    public func sign(_ content: some DataProtocol, signingTime: Date = Date(),
                     timestamping: SignatureTimestamping? = nil) async throws -> [UInt8] {
        let attributes = try SignedAttributes.cadesBaseline(
            messageDigest: key.algorithm.digest.hash(content), signingTime: signingTime, signer: certificate)
        var signed = try await signedData(attributes: attributes, contentType: OID.data, content: nil,
                                          certificates: [certificate] + intermediates)
        try await timestamping?.stamp(&signed)
        return try signed.contentInfoBytes()
    }

    /// SignedData with this signer's one SignerInfo, signed over `attributes`; a time-stamp token is made this way too.
    func signedData(attributes: SignedAttributes, contentType: ASN1ObjectIdentifier, content: ASN1OctetString?,
                    certificates: [Certificate]) async throws -> SignedData {
        let digest = key.algorithm.digest
        let signatureValue = try await key.sign(attributes.signedBytes)
        let signerInfo = SignerInfo(
            signer: IssuerAndSerialNumber(certificate),
            digestAlgorithm: digest.identifier,
            signedAttributes: attributes,
            signatureAlgorithm: try key.algorithm.signatureAlgorithmIdentifier(),
            signature: ASN1OctetString(contentBytes: signatureValue[...]))
        return SignedData(
            digestAlgorithms: [digest.identifier],
            contentType: contentType,
            content: content,
            certificates: certificates,
            signerInfos: [signerInfo])
    }
}
