import EduCore
import SwiftASN1
import X509

/// Where a PAdES-B-T signature's time-stamp comes from, and how its reply is checked before it goes into
/// the PDF: a reply for other data, a replayed one or one from an untrusted authority is refused at signing
/// time instead of being found by whoever checks the document later.
public struct SignatureTimestamping: Sendable {
    public let authority: any TimestampClient
    public let verifier: TimestampVerifier

    public init(authority: any TimestampClient, verifier: TimestampVerifier) {
        self.authority = authority
        self.verifier = verifier
    }

    /// Adds the signature-time-stamp (ETSI EN 319 122-1) to the one SignerInfo: a B-B signature becomes B-T.
    func stamp(_ signedData: inout SignedData) async throws {
        let token = try await token(for: Array(signedData.signerInfos[0].signature.bytes))
        signedData.signerInfos[0].unsignedAttributes = [
            try CMSAttribute(type: OID.signatureTimeStampToken, value: ASN1Any(derEncoded: try DER.parse(token))),
        ]
    }

    /// A time-stamp token over a signature value.
    private func token(for signatureValue: [UInt8]) async throws -> [UInt8] {
        let request = try TimestampRequest.make(digestOf: signatureValue)
        let stamp = try await verifier.verify(try await authority.timestamp(request.der), for: request)
        guard stamp.isTrusted else { throw EduError.timestampRefused(stamp.status.message) }
        return stamp.token
    }
}

extension SignatureClaims {
    /// The signature-time-stamp checked over the signature value, or nil without one; the authority's
    /// certificate may travel in the token or among the signature's certificates.
    func verifiedTimestamp(trustedRoots: [Certificate], checkingChainAt time: CMSVerifier.CheckTime) async throws(EduError) -> TimestampVerification? {
        guard let timestampToken else { return nil }
        let verifier = TimestampVerifier(trustedRoots: trustedRoots, certificates: [signer] + otherCertificates)
        let stampTime: TimestampVerifier.CheckTime = switch time {
        case .now: .now
        case .signingTime: .genTime
        case .date(let date): .date(date)
        }
        return try await verifier.verify(timestampToken, for: signatureValue, checkingChainAt: stampTime)
    }
}
