/// Where time-stamps come from: ``DemoTimestampAuthority`` in development and tests; a configured
/// authority over HTTP (RFC 3161 §3.4, `application/timestamp-query`) when one is set up at the edge.
public protocol TimestampClient: Sendable {
    /// Sends a DER TimeStampReq and returns the DER TimeStampResp as the authority sent it, refusals
    /// included: ``TimestampVerifier`` reads both. Throws only when no answer came.
    func timestamp(_ request: [UInt8]) async throws -> [UInt8]
}
