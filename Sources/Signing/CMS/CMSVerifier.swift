import EduCore
import Foundation
import X509

/// Checks detached CAdES-B-B signatures: integrity first (signature value, certificate binding,
/// message digest), then the signer's chain against the trusted roots.
public struct CMSVerifier: Sendable {
    /// When the signer's certificate chain must have been valid.
    public enum CheckTime: Sendable, Hashable {
        case now
        /// The time the signature claims. Until signatures carry a time-stamp (CAdES-B-T) only the
        /// signer vouches for it, and whoever holds a key can back-date into its validity.
        case signingTime
        case date(Date)

        /// The moment the chain is checked at, for a signature that claims `signingTime`.
        func date(signingTime: Date) -> Date {
            switch self {
            case .now: Date()
            case .signingTime: signingTime
            case .date(let date): date
            }
        }
    }

    public let trustedRoots: [Certificate]
    /// Asked about each certificate of a chain that reaches a trusted root; nil leaves revocation unchecked.
    public let revocation: (any RevocationChecker)?

    public init(trustedRoots: [Certificate], revocation: (any RevocationChecker)? = nil) {
        self.trustedRoots = trustedRoots
        self.revocation = revocation
    }

    /// Throws only for a signature that cannot be read or uses what the platform does not accept
    /// (`cms.*` codes); every readable signature gets a ``CMSVerification`` whatever its status.
    public func verify(_ signature: [UInt8], of content: some DataProtocol,
                       checkingChainAt time: CheckTime = .now) async throws(EduError) -> CMSVerification {
        let claims = try SignatureClaims(signature)
        guard let signingTime = claims.signingTime else { throw .missingAttribute("signing-time") }
        let timestamp = try await claims.verifiedTimestamp(trustedRoots: trustedRoots, checkingChainAt: time)
        // A trusted time-stamp proves when the signature existed; the signing-time attribute is only a claim.
        let stampedTime = timestamp.flatMap { $0.isTrusted ? $0.genTime : nil }
        let outcome = await check(claims, of: content, at: time.date(signingTime: stampedTime ?? signingTime))
        return CMSVerification(status: outcome.status, signer: claims.signer, signingTime: signingTime, chain: outcome.chain,
                               revocation: outcome.revocation, timestamp: timestamp)
    }

    /// Integrity first (signature value, certificate binding, message digest), then the chain at `checkTime`.
    /// Shared with signatures whose claimed time is not inside the CMS (PAdES puts it in the PDF).
    func check(_ claims: SignatureClaims, of content: some DataProtocol,
               at checkTime: Date) async -> ChainOutcome {
        guard claims.signer.publicKey.isValidSignature(
            claims.signatureValue, for: claims.signedBytes, signatureAlgorithm: claims.algorithm.certificateSignatureAlgorithm),
            claims.signingCertificateMatchesSigner
        else { return ChainOutcome(status: .invalidSignature, chain: []) }
        guard claims.algorithm.digest.hash(content).elementsEqual(claims.messageDigest) else {
            return ChainOutcome(status: .contentMismatch, chain: [])
        }
        return await ChainCheck(trustedRoots: trustedRoots, revocation: revocation).status(
            of: claims.signer, intermediates: claims.otherCertificates, at: checkTime)
    }
}
