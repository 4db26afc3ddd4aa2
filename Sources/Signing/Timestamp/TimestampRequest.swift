import EduCore
import Foundation
import SwiftASN1

/// An RFC 3161 request (TimeStampReq), to send to a ``TimestampClient`` and to check the reply against
/// with ``TimestampVerifier``.
public struct TimestampRequest: Sendable {
    let fields: TimeStampReq
    /// The DER to send.
    public let der: [UInt8]

    /// A request for the SHA-256 of `data`: the one hash every authority accepts. For a CAdES-B-T or
    /// PAdES-B-T signature, `data` is the SignerInfo's signature value. A nonce (on by default) lets the
    /// reply be told from a replayed one; the authority's certificate is asked for, so the token can be
    /// checked on its own.
    public static func make(digestOf data: some DataProtocol, nonce: UInt64? = .random(in: 1 ... .max),
                            certificateRequested: Bool = true) throws -> TimestampRequest {
        let fields = TimeStampReq(
            messageImprint: MessageImprint(hashing: data, with: .sha256),
            nonce: nonce.map { withUnsafeBytes(of: $0.bigEndian) { Array($0.drop { $0 == 0 }) }[...] },
            certificateRequested: certificateRequested)
        return TimestampRequest(fields: fields, der: try fields.derBytes())
    }

    /// Reads a request made elsewhere, such as by `openssl ts -query`.
    public init(der: [UInt8]) throws(EduError) {
        do {
            fields = try TimeStampReq(derEncoded: der)
        } catch {
            throw .malformedTimestampRequest
        }
        self.der = der
    }

    private init(fields: TimeStampReq, der: [UInt8]) {
        self.fields = fields
        self.der = der
    }
}
