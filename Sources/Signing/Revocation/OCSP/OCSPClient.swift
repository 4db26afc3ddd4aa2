import EduCore

/// Carries a request to an OCSP responder and brings back its answer: over HTTP at the edge (RFC 6960 appendix A.1),
/// through `openssl ocsp` in the tests. Only URLs from certificates of chains that reached a trusted root are asked.
public protocol OCSPClient: Sendable {
    /// The responder's DER answer to the DER `request`. Throws, with a reason a person can read, when there is none;
    /// the checker then reports the revocation status as unknown with that reason.
    func response(to request: [UInt8], from url: String) async throws(EduError) -> [UInt8]
}
