import EduCore
import Foundation
import X509

/// Checks JWS in the compact or either JSON serialisation: each signature's value, then its signer's
/// chain from `x5c` against the trusted roots, with the same rules as CMS signatures (``ChainCheck``).
public struct JWSVerifier: Sendable {
    public let trustedRoots: [Certificate]
    /// Asked about each signer's chain that reaches a trusted root; nil leaves revocation unchecked.
    public let revocation: (any RevocationChecker)?

    public init(trustedRoots: [Certificate], revocation: (any RevocationChecker)? = nil) {
        self.trustedRoots = trustedRoots
        self.revocation = revocation
    }

    /// Throws only for a JWS that cannot be read or uses what the platform does not accept (`jws.*`
    /// codes), in any of its signatures; otherwise every signature gets a status.
    public func verify(_ serialization: [UInt8],
                       checkingChainAt time: CMSVerifier.CheckTime = .now) async throws(EduError) -> JWSVerification {
        let jws = try JWS(reading: serialization)
        var results: [JWSVerification.Signature] = []
        for signature in jws.signatures {
            results.append(try await verify(signature, header: Self.header(of: signature), in: jws, at: time))
        }
        return JWSVerification(payload: jws.payload, signatures: results)
    }

    /// RFC 7515 §7.2.1: the protected and unprotected headers must not share a name, and `crit` must be protected.
    private static func header(of signature: JWS.Signature) throws(EduError) -> JOSEHeader {
        let header = try JOSEHeader(decoding: Base64URL.decode(signature.protectedHeader.utf8))
        guard signature.unprotectedHeaderNames.isDisjoint(with: header.names),
              !signature.unprotectedHeaderNames.contains("crit")
        else { throw .malformedJWS }
        return header
    }

    private func verify(_ signature: JWS.Signature, header: JOSEHeader, in jws: JWS,
                        at time: CMSVerifier.CheckTime) async throws(EduError) -> JWSVerification.Signature {
        func outcome(_ chainOutcome: ChainOutcome) -> JWSVerification.Signature {
            JWSVerification.Signature(status: chainOutcome.status, signer: header.signer, algorithm: header.algorithm,
                                      signingTime: header.signingTime, type: header.type, chain: chainOutcome.chain,
                                      revocation: chainOutcome.revocation)
        }
        let signingInput = jws.signingInput(protectedHeader: signature.protectedHeader)
        guard try header.algorithm.isValidJWSSignature(signature.value, over: signingInput, by: header.signer.publicKey) else {
            return outcome(ChainOutcome(status: .invalidSignature, chain: []))
        }
        return outcome(await ChainCheck(trustedRoots: trustedRoots, revocation: revocation).status(
            of: header.signer, intermediates: Array(header.certificates.dropFirst()), at: time.date(signingTime: header.signingTime)))
    }
}
