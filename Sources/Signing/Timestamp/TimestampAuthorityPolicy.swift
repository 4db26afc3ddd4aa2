import SwiftASN1
import X509

/// RFC 3161 §2.3: a time-stamp authority's certificate has id-kp-timeStamping as its only extended key
/// usage, in a critical extension. Without this rule any certificate able to sign could vouch for a time.
struct TimestampAuthorityPolicy: VerifierPolicy {
    let verifyingCriticalExtensions: [ASN1ObjectIdentifier] = [.X509ExtensionID.extendedKeyUsage]

    func chainMeetsPolicyRequirements(chain: UnverifiedCertificateChain) -> PolicyEvaluationResult {
        chain.leaf.isForTimestamping
            ? .meetsPolicy
            : .failsToMeetPolicy(reason: "The time-stamp authority's certificate lacks a critical extendedKeyUsage of only id-kp-timeStamping")
    }
}

extension Certificate {
    var isForTimestamping: Bool {
        guard let usage = extensions[oid: .X509ExtensionID.extendedKeyUsage], usage.critical,
              let purposes = try? ExtendedKeyUsage(usage)
        else { return false }
        return purposes.elementsEqual([.timeStamping])
    }
}
