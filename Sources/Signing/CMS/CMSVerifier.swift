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

    public init(trustedRoots: [Certificate]) {
        self.trustedRoots = trustedRoots
    }

    /// Throws only for a signature that cannot be read or uses what the platform does not accept
    /// (`cms.*` codes); every readable signature gets a ``CMSVerification`` whatever its status.
    public func verify(_ signature: [UInt8], of content: some DataProtocol,
                       checkingChainAt time: CheckTime = .now) async throws(EduError) -> CMSVerification {
        let claims = try SignatureClaims(signature)

        func outcome(_ status: CMSVerification.Status, chain: [Certificate] = []) -> CMSVerification {
            CMSVerification(status: status, signer: claims.signer, signingTime: claims.signingTime, chain: chain)
        }
        guard claims.signer.publicKey.isValidSignature(
            claims.signatureValue, for: claims.signedBytes, signatureAlgorithm: claims.algorithm.certificateSignatureAlgorithm),
            claims.signingCertificateMatchesSigner
        else { return outcome(.invalidSignature) }
        guard claims.algorithm.digest.hash(content).elementsEqual(claims.messageDigest) else {
            return outcome(.contentMismatch)
        }

        let (status, chain) = await ChainCheck(trustedRoots: trustedRoots).status(
            of: claims.signer, intermediates: claims.otherCertificates, at: time.date(signingTime: claims.signingTime))
        return outcome(status, chain: chain)
    }
}
