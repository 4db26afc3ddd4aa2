import EduCore
import Foundation
import SwiftASN1
import X509

/// What a time-stamp token asserts (RFC 3161 §2.4.2 with RFC 5816), read and checked for shape but not
/// yet for truth: nothing here has been verified against the signature value.
///
/// A token is CMS SignedData whose embedded content is the DER of a TSTInfo, signed by one authority
/// with the signed attributes content-type (id-ct-TSTInfo), message-digest and an ESS signing certificate.
struct TimestampToken {
    /// The token's DER, a ContentInfo: what a CAdES or PAdES signature embeds.
    let der: [UInt8]
    let info: TSTInfo
    /// The hash the imprint was made with.
    let imprintDigest: DigestAlgorithm
    let genTime: Date
    let algorithm: SigningAlgorithm
    let authority: Certificate
    /// The other certificates at hand, to build the authority's chain from.
    let otherCertificates: [Certificate]
    /// The signed attributes' DER, which the signature value covers.
    let signedBytes: [UInt8]
    let signatureValue: ArraySlice<UInt8>
    /// Whether the signed message digest is that of the TSTInfo bytes as received.
    let infoMatchesDigest: Bool
    /// Whether the signed ESS attribute names the certificate found for the authority.
    let signingCertificateMatchesAuthority: Bool

    /// Reads a TimeStampResp, or a token on its own. `certificates` are searched too for the authority's
    /// certificate and chain, which a token carries only when its request asked for them.
    init(responseOrToken bytes: [UInt8], certificates: [Certificate]) throws(EduError) {
        let der = try Self.token(in: bytes)
        do {
            try self.init(der: der, signedData: SignedData(contentInfo: der), certificates: certificates)
        } catch let error as EduError {
            throw error
        } catch {
            throw .malformedTimestamp
        }
    }

    /// A TimeStampResp opens with its PKIStatusInfo, a SEQUENCE; a token, a ContentInfo, with an OID.
    private static func token(in bytes: [UInt8]) throws(EduError) -> [UInt8] {
        let response: TimeStampResp
        do {
            let root = try DER.parse(bytes)
            guard case .constructed(let fields) = root.content else { throw EduError.malformedTimestamp }
            var iterator = fields.makeIterator()
            if iterator.next()?.identifier == .objectIdentifier { return bytes }
            response = try TimeStampResp(derEncoded: root)
        } catch {
            throw .malformedTimestamp
        }
        guard [.granted, .grantedWithMods].contains(response.status.status) else { throw .timestampRejected(response.status) }
        guard let token = response.token else { throw .malformedTimestamp }
        return token
    }

    private init(der: [UInt8], signedData: SignedData, certificates: [Certificate]) throws {
        guard signedData.signerInfos.count == 1, signedData.contentType == OID.tstInfo, let content = signedData.content else {
            throw EduError.malformedTimestamp
        }
        let signerInfo = signedData.signerInfos[0]
        guard let algorithm = SigningAlgorithm(signatureAlgorithm: signerInfo.signatureAlgorithm.algorithm,
                                               digestAlgorithm: signerInfo.digestAlgorithm.algorithm)
        else { throw EduError.unsupportedTimestamp }
        guard signedData.digestAlgorithms.contains(where: { $0.algorithm == signerInfo.digestAlgorithm.algorithm }),
              let attributes = signerInfo.signedAttributes,
              // RFC 5652 §11.1: the signed content type repeats eContentType, so the type cannot be swapped.
              let contentType = try attributes.value(of: OID.contentType),
              try ASN1ObjectIdentifier(asn1Any: contentType) == OID.tstInfo,
              let messageDigest = try attributes.value(of: OID.messageDigest),
              let binding = try ESSCertificateBinding(attributes)
        else { throw EduError.malformedTimestamp }

        info = try TSTInfo(derEncoded: content.bytes)
        guard let imprintDigest = info.messageImprint.digestAlgorithm else { throw EduError.unsupportedTimestamp }
        guard info.messageImprint.hasDigestLength else { throw EduError.malformedTimestamp }
        let known = signedData.certificates + certificates
        guard let authority = known.first(where: signerInfo.signer.identifies) else {
            throw EduError.timestampCertificateMissing
        }
        do {
            signingCertificateMatchesAuthority = try binding.names(authority)
        } catch {
            throw EduError.unsupportedTimestamp
        }
        self.der = der
        self.imprintDigest = imprintDigest
        self.algorithm = algorithm
        self.authority = authority
        genTime = try info.genTime.date
        otherCertificates = known.filter { $0 != authority }
        signedBytes = attributes.signedBytes
        signatureValue = signerInfo.signature.bytes
        infoMatchesDigest = try algorithm.digest.hash(content.bytes).elementsEqual(ASN1OctetString(asn1Any: messageDigest).bytes)
    }
}
