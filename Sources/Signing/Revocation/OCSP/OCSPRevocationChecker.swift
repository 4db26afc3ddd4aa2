import EduCore
import Foundation
import Synchronization
import X509

/// Revocation from the OCSP responders a certificate names (RFC 6960). Each is asked in turn with a fresh nonce; the
/// first authentic, current answer of good or revoked decides. Answers are kept for up to `cacheLifetime` (never past
/// the responder's nextUpdate), so verifying many documents of one signer does not ask again each time.
public struct OCSPRevocationChecker: RevocationChecker {
    private let client: any OCSPClient
    private let maximumAge: TimeInterval
    private let cacheLifetime: TimeInterval
    private let cache = AnswerCache()

    /// `maximumAge`: how old an answer without nextUpdate may be.
    public init(client: any OCSPClient, maximumAge: TimeInterval = 3_600, cacheLifetime: TimeInterval = 300) {
        self.client = client
        self.maximumAge = maximumAge
        self.cacheLifetime = cacheLifetime
    }

    public func status(of certificate: Certificate, issuedBy issuer: Certificate, at time: Date) async -> RevocationStatus {
        let urls: [String]
        do throws(EduError) {
            urls = try RevocationLocations(of: certificate).ocspURLs
        } catch {
            return .unknown(reason: error.message)
        }
        guard !urls.isEmpty else { return .unknown(reason: EduError.noOCSPResponder.message) }
        let key = AnswerCache.Key(issuer: issuer, serial: certificate.serialNumber)
        if let cached = cache.status(for: key, at: time) { return cached }

        var failures: [(url: String, error: EduError)] = []
        for url in urls {
            do throws(EduError) {
                let request: OCSPRequest
                do {
                    request = try OCSPRequest(asking: certificate, issuedBy: issuer)
                } catch {
                    throw .malformedCertificate
                }
                let der = try await client.response(to: (try? request.derBytes()) ?? [], from: url)
                let answer = try OCSPAnswer(der: der, about: certificate, issuedBy: issuer, nonce: request.nonce,
                                            at: time, maximumAge: maximumAge)
                guard case .unknown = answer.status else {
                    cache.keep(answer.status, for: key, until: min(answer.validUntil, time.addingTimeInterval(cacheLifetime)))
                    return answer.status
                }
                failures.append((url, .ocspCertificateUnknown))
            } catch {
                failures.append((url, error))
            }
        }
        return .unknown(after: failures)
    }
}

/// Good and revoked answers by certificate, each until it may no longer be reused.
private final class AnswerCache: Sendable {
    struct Key: Hashable {
        let issuer: Certificate
        let serial: Certificate.SerialNumber
    }

    /// Bounds memory: certificates from many CAs must not grow it without end.
    private static let limit = 1_024
    private let answers = Mutex<[Key: (status: RevocationStatus, until: Date)]>([:])

    func status(for key: Key, at time: Date) -> RevocationStatus? {
        answers.withLock { answers in
            guard let answer = answers[key], time < answer.until else { return nil }
            return answer.status
        }
    }

    func keep(_ status: RevocationStatus, for key: Key, until: Date) {
        answers.withLock { answers in
            if answers.count >= Self.limit { answers.removeAll() }
            answers[key] = (status, until)
        }
    }
}
