import EduCore
import Foundation
import X509

/// Checks RFC 3161 time-stamps: integrity first (signature value, TSTInfo digest, certificate binding),
/// then that the stamp is for the data (and the request), then the authority's chain against the trusted
/// roots, with the rule that its certificate is for time-stamping.
public struct TimestampVerifier: Sendable {
    /// When the authority's certificate chain must have been valid.
    public enum CheckTime: Sendable, Hashable {
        case now
        /// The time the stamp states. Its own authority vouches for it, so it is only as good as that
        /// authority's key at the time; checking "now" is the cautious default.
        case genTime
        case date(Date)
    }

    public let trustedRoots: [Certificate]
    /// Looked through for the authority's certificate and its CAs when a token does not carry them.
    public let certificates: [Certificate]

    public init(trustedRoots: [Certificate], certificates: [Certificate] = []) {
        self.trustedRoots = trustedRoots
        self.certificates = certificates
    }

    /// A TimeStampResp or a TimeStampToken, checked against the data that was stamped. Throws only for
    /// input that cannot be read or is not accepted (`tsa.*` codes), and for a refusal (`tsa.rejected`).
    public func verify(_ responseOrToken: [UInt8], for data: some DataProtocol,
                       checkingChainAt time: CheckTime = .now) async throws(EduError) -> TimestampVerification {
        let token = try TimestampToken(responseOrToken: responseOrToken, certificates: certificates)
        let isForData = token.info.messageImprint.matches(MessageImprint(hashing: data, with: token.imprintDigest))
        return await verify(token, isForData: isForData, answersRequest: true, checkingChainAt: time)
    }

    /// A reply checked against the request it answers: the same imprint, and the nonce and policy when
    /// the request set them.
    public func verify(_ responseOrToken: [UInt8], for request: TimestampRequest,
                       checkingChainAt time: CheckTime = .now) async throws(EduError) -> TimestampVerification {
        let token = try TimestampToken(responseOrToken: responseOrToken, certificates: certificates)
        let asked = request.fields
        let answersRequest = (asked.nonce.map { $0.elementsEqual(token.info.nonce ?? []) } ?? true)
            && (asked.policy.map { $0 == token.info.policy } ?? true)
        return await verify(token, isForData: token.info.messageImprint.matches(asked.messageImprint),
                            answersRequest: answersRequest, checkingChainAt: time)
    }

    private func verify(_ token: TimestampToken, isForData: Bool, answersRequest: Bool,
                        checkingChainAt time: CheckTime) async -> TimestampVerification {
        func outcome(_ status: TimestampVerification.Status, chain: [Certificate] = []) -> TimestampVerification {
            TimestampVerification(status: status, genTime: token.genTime, accuracy: token.info.accuracy?.interval,
                                  policy: token.info.policy, serialNumber: token.info.serialNumber,
                                  authority: token.authority, chain: chain, token: token.der)
        }
        guard token.authority.publicKey.isValidSignature(
            token.signatureValue, for: token.signedBytes, signatureAlgorithm: token.algorithm.certificateSignatureAlgorithm),
            token.infoMatchesDigest, token.signingCertificateMatchesAuthority
        else { return outcome(.invalidSignature) }
        guard isForData else { return outcome(.imprintMismatch) }
        guard answersRequest else { return outcome(.requestMismatch) }

        let checkTime = switch time {
        case .now: Date()
        case .genTime: token.genTime
        case .date(let date): date
        }
        let checked = await ChainCheck(trustedRoots: trustedRoots, signerPurpose: AnyPolicy(TimestampAuthorityPolicy()))
            .status(of: token.authority, intermediates: token.otherCertificates, at: checkTime)
        return outcome(TimestampVerification.Status(chain: checked.status), chain: checked.chain)
    }
}
