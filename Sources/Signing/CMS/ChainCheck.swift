import Foundation
import SwiftASN1
// The SPI is swift-certificates' own advice for checking expiry at a time other than now
// (RFC5280Policy(validationTime:) is deprecated in its favour). It is outside semver, so this is the
// only file that imports it, and a swift-certificates upgrade needs these tests run again.
@_spi(FixedExpiryValidationTime) import X509

/// What a chain check found: the status, the chain when one reached a trusted root, and what is known about
/// its revocation (nil when no checker was asked, or the chain did not validate).
struct ChainOutcome: Sendable {
    var status: CMSVerification.Status
    var chain: [Certificate]
    var revocation: RevocationStatus? = nil
}

/// The signer's chain, checked by swift-certificates' `Verifier` under `RFC5280Policy` plus the
/// document-signing rule below, and its failure sorted into a status a person can act on.
struct ChainCheck {
    let trustedRoots: [Certificate]
    /// A further rule for the signer's certificate, such as a time-stamp authority's extended key usage.
    var signerPurpose: AnyPolicy? = nil
    /// Asked about every certificate of a chain that validated, but the root; nil leaves revocation unchecked.
    var revocation: (any RevocationChecker)? = nil

    func status(of signer: Certificate, intermediates: [Certificate], at time: Date) async -> ChainOutcome {
        var verifier = Verifier(rootCertificates: CertificateStore(trustedRoots)) {
            RFC5280Policy(fixedExpiryValidationTime: time)
            DocumentSignerPolicy()
            if let signerPurpose { signerPurpose }
        }
        switch await verifier.validate(leaf: signer, intermediates: CertificateStore(intermediates)) {
        case .validCertificate(let chain):
            guard let revocation else { return ChainOutcome(status: .trusted, chain: Array(chain)) }
            // Asked about now, whatever time the chain is checked at (see below).
            let found = await revocation.status(ofChain: Array(chain), at: Date())
            return ChainOutcome(status: Self.status(revocation: found), chain: Array(chain), revocation: found)
        case .couldNotValidate(let failures):
            return ChainOutcome(status: Self.status(of: failures, at: time), chain: [])
        }
    }

    /// Revocation is asked about now, whatever time the chain is checked at: revocation data can only be had as it
    /// stands today. A revocation found counts even when dated after the signing time: a claimed time is only the
    /// signer's word, and honouring a time-stamped signature made before the revocation needs the revocation data
    /// of that time kept with it (CAdES-B-LT), which is not done yet. A status that could not be checked leaves the
    /// signature trusted and says so beside it (``ChainOutcome/revocation``): a verifier offline, or a CA whose
    /// CRL server is down, must not turn every signature invalid.
    private static func status(revocation: RevocationStatus) -> CMSVerification.Status {
        if case .revoked(let date, let reason) = revocation { return .revoked(date: date, reason: reason) }
        return .trusted
    }

    /// The verifier reports failures only for chains that reached a trusted root; none means no such chain.
    private static func status(of failures: [CertificateValidationResult.PolicyFailure], at time: Date) -> CMSVerification.Status {
        if failures.isEmpty { return .untrustedRoot }
        let certificates = failures.flatMap(\.chain)
        if certificates.contains(where: { $0.notValidAfter < time }) { return .expired }
        if certificates.contains(where: { $0.notValidBefore > time }) { return .notYetValid }
        return .rejectedChain(reasons: failures.map(\.policyFailureReason.description))
    }
}

/// A document signature needs a certificate meant for signing: when the signer's certificate
/// limits its key's use, digitalSignature or nonRepudiation must be among the uses. (RFC5280Policy
/// deliberately leaves key usage unchecked.) A CA key, limited to keyCertSign and cRLSign, fails.
struct DocumentSignerPolicy: VerifierPolicy {
    let verifyingCriticalExtensions: [ASN1ObjectIdentifier] = []

    func chainMeetsPolicyRequirements(chain: UnverifiedCertificateChain) -> PolicyEvaluationResult {
        let usage: KeyUsage?
        do {
            usage = try chain.leaf.extensions.keyUsage
        } catch {
            return .failsToMeetPolicy(reason: "The signer's keyUsage extension is malformed")
        }
        guard let usage, !usage.digitalSignature, !usage.nonRepudiation else { return .meetsPolicy }
        return .failsToMeetPolicy(reason: "The signer's key usage allows neither digitalSignature nor nonRepudiation")
    }
}
