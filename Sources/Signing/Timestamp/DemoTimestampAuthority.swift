import EduCore
import Foundation
import SwiftASN1
import X509

/// A time-stamp authority for development and tests. Its tokens are real RFC 3161 tokens (OpenSSL
/// verifies them), but its certificate is a DEMO one, its clock is only this machine's, and its policy
/// OID is one reserved for documentation: nothing it stamps proves a time to anyone else.
public struct DemoTimestampAuthority: Sendable {
    /// Within how long of the true time genTime is claimed to be: the machine's clock is assumed synchronised.
    private static let accuracy = Accuracy(seconds: 1)

    private let signer: CMSSigner

    /// `authority` needs a certificate for time-stamping only, such as ``DemoPKI/issueTimestampAuthority(unit:algorithm:validity:)`` makes.
    public init(_ authority: CertifiedKey) throws(EduError) {
        guard authority.certificate.isForTimestamping else { throw .notTimestampingCertificate }
        signer = try authority.signer()
    }

    /// The DER TimeStampResp for a DER TimeStampReq, stamped with `time`. Anything it cannot grant gets a
    /// refusal naming the reason (status rejection with failInfo, RFC 3161 §2.4.2), never an error.
    public func respond(to requestDER: [UInt8], at time: Date) async -> [UInt8] {
        let response: TimeStampResp
        do {
            response = TimeStampResp(status: .granted, token: try await token(answering: Self.acceptable(requestDER), at: time))
        } catch let failure as TimestampFailure {
            response = TimeStampResp(status: .rejection(failure), token: nil)
        } catch {
            response = TimeStampResp(status: .rejection(.systemFailure), token: nil)
        }
        return response.encoded
    }

    private static func acceptable(_ der: [UInt8]) throws(TimestampFailure) -> TimeStampReq {
        guard let request = try? TimeStampReq(derEncoded: der) else { throw .badDataFormat }
        guard request.messageImprint.digestAlgorithm != nil else { throw .badAlg }
        guard request.messageImprint.hasDigestLength else { throw .badDataFormat }
        guard request.policy.map({ $0 == OID.demoTimestampPolicy }) ?? true else { throw .unacceptedPolicy }
        guard request.extensions == nil else { throw .unacceptedExtension }
        return request
    }

    private func token(answering request: TimeStampReq, at time: Date) async throws -> [UInt8] {
        let info = TSTInfo(
            policy: OID.demoTimestampPolicy,
            // RFC 3161 §2.4.2: the same value as in the request, echoed as sent.
            messageImprint: request.messageImprint,
            // 160 random bits, as for certificates: unique without keeping a counter.
            serialNumber: Certificate.SerialNumber(),
            genTime: try GeneralizedTime(millisecondsOf: time),
            accuracy: Self.accuracy,
            nonce: request.nonce,
            tsa: .directoryName(signer.certificate.subject))
        return try await signer.timestampToken(for: info, includingCertificates: request.certificateRequested)
    }
}

extension DemoTimestampAuthority: TimestampClient {
    /// Stamps with this machine's clock.
    public func timestamp(_ request: [UInt8]) async throws -> [UInt8] {
        await respond(to: request, at: Date())
    }
}
