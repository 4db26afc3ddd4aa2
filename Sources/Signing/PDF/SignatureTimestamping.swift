import EduCore

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

    /// A time-stamp token over a signature value (the signature-time-stamp of ETSI EN 319 122-1).
    func token(for signatureValue: [UInt8]) async throws -> [UInt8] {
        let request = try TimestampRequest.make(digestOf: signatureValue)
        let stamp = try await verifier.verify(try await authority.timestamp(request.der), for: request)
        guard stamp.isTrusted else { throw EduError.timestampRefused(stamp.status.message) }
        return stamp.token
    }
}
