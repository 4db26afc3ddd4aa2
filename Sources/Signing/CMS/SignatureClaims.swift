import EduCore
import Foundation
import SwiftASN1
import X509

/// What a detached CAdES-B-B (or PAdES-B-B) signature asserts, read and checked for shape but not yet
/// for truth: nothing here has been verified against the signature value.
struct SignatureClaims {
    let algorithm: SigningAlgorithm
    let signer: Certificate
    /// The other certificates sent along, to build the chain from.
    let otherCertificates: [Certificate]
    /// The signed attributes' DER, which the signature value covers.
    let signedBytes: [UInt8]
    let signatureValue: ArraySlice<UInt8>
    let messageDigest: ArraySlice<UInt8>
    /// Required by CAdES; PAdES leaves it out and states the time in the PDF instead (ETSI EN 319 142-1).
    let signingTime: Date?
    /// The DER of the unsigned signature time-stamp token (a B-T signature), unverified.
    let timestampToken: [UInt8]?
    /// Whether the signed signing-certificate-v2 attribute names the certificate found for the signer.
    let signingCertificateMatchesSigner: Bool

    /// Reads a DER ContentInfo. Anything that is not well-formed becomes `cms.malformed`, never a crash
    /// or a parser's own error.
    init(_ der: [UInt8]) throws(EduError) {
        do {
            try self.init(signedData: SignedData(contentInfo: der))
        } catch let error as EduError {
            throw error
        } catch {
            throw .malformedSignature
        }
    }

    private init(signedData: SignedData) throws {
        guard signedData.signerInfos.count == 1 else { throw EduError.notOneSigner }
        guard signedData.content == nil else { throw EduError.notDetached }
        let info = signedData.signerInfos[0]
        guard signedData.contentType == OID.data,
              let algorithm = SigningAlgorithm(signatureAlgorithm: info.signatureAlgorithm.algorithm,
                                               digestAlgorithm: info.digestAlgorithm.algorithm)
        else { throw EduError.unsupportedSignature }
        // RFC 5652 §5.1 lists every signer's digest algorithm up front; a list without it is not well-formed.
        guard signedData.digestAlgorithms.contains(where: { $0.algorithm == info.digestAlgorithm.algorithm }) else {
            throw ASN1Error.invalidASN1Object(reason: "digestAlgorithms lacks the signer's digest algorithm")
        }
        guard let attributes = info.signedAttributes else { throw EduError.missingAttribute("signedAttrs") }

        func required(_ type: ASN1ObjectIdentifier, _ name: String) throws -> ASN1Any {
            guard let value = try attributes.value(of: type) else { throw EduError.missingAttribute(name) }
            return value
        }
        // RFC 5652 §11.1: the signed content-type must repeat eContentType, or the type itself could be swapped.
        guard try ASN1ObjectIdentifier(asn1Any: required(OID.contentType, "content-type")) == signedData.contentType else {
            throw ASN1Error.invalidASN1Object(reason: "content-type differs from eContentType")
        }
        messageDigest = try ASN1OctetString(asn1Any: required(OID.messageDigest, "message-digest")).bytes
        signingTime = try attributes.value(of: OID.signingTime).map(SigningTimeValue.decode)
        timestampToken = try info.unsignedValue(of: OID.signatureTimeStampToken)?.derBytes()
        let signingCertificate = try SigningCertificateV2(asn1Any: required(OID.signingCertificateV2, "signing-certificate-v2"))

        guard let signer = signedData.certificates.first(where: info.signer.identifies) else {
            throw EduError.signerCertificateMissing
        }
        self.algorithm = algorithm
        self.signer = signer
        signingCertificateMatchesSigner = try signingCertificate.names(signer)
        otherCertificates = signedData.certificates.filter { $0 != signer }
        signedBytes = attributes.signedBytes
        signatureValue = info.signature.bytes
    }
}
