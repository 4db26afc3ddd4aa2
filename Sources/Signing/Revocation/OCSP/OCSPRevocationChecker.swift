import EduCore
import Foundation
import Synchronization
import X509

/// Revocation from the OCSP responders a certificate names (RFC 6960). Each is asked in turn with a fresh nonce; the
/// first authentic, current answer of good or revoked decides. Answers are kept for up to `cacheLifetime` (never beyond
/// the period they speak for), so verifying many documents of one signer asks once; a responder that could not be
/// reached is not asked again for `cacheLifetime` either, so one that is down costs one time-out, not one a signature.
public struct OCSPRevocationChecker: RevocationChecker {
    private let client: any OCSPClient
    private let maximumAge: TimeInterval
    private let cacheLifetime: TimeInterval
    private let cache = AnswerCache()

    /// `maximumAge`: how long an answer without nextUpdate speaks for.
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
        if let cached = cache.answer(for: key, at: time) { return cached }

        var failures: [(url: String, error: EduError)] = []
        for url in urls {
            if let failure = cache.failure(at: url, time: time) {
                failures.append((url, failure))
                continue
            }
            do throws(EduError) {
                let request = try Self.request(asking: certificate, issuedBy: issuer)
                let der: [UInt8]
                do throws(EduError) {
                    der = try await client.response(to: request.der, from: url)
                } catch {
                    cache.keep(failure: error, at: url, until: time.addingTimeInterval(cacheLifetime))
                    throw error
                }
                let answer = try OCSPAnswer(der: der, about: certificate, issuedBy: issuer, nonce: request.nonce,
                                            at: time, maximumAge: maximumAge)
                cache.keep(answer.status, for: key, from: answer.period.thisUpdate.addingTimeInterval(-RevocationPeriod.clockTolerance),
                           until: min(answer.period.end ?? time, time.addingTimeInterval(cacheLifetime)))
                return answer.status
            } catch {
                failures.append((url, error))
            }
        }
        return .unknown(after: failures)
    }

    private static func request(asking certificate: Certificate, issuedBy issuer: Certificate) throws(EduError) -> (der: [UInt8], nonce: [UInt8]) {
        do {
            let request = try OCSPRequest(asking: certificate, issuedBy: issuer)
            return (try request.derBytes(), request.nonce)
        } catch {
            throw .malformedCertificate
        }
    }
}

/// Good and revoked answers by certificate, each for the times it may be reused; responders that could not be reached.
private final class AnswerCache: Sendable {
    struct Key: Hashable {
        let issuer: Certificate
        let serial: Certificate.SerialNumber
    }

    private struct State {
        var answers: [Key: (status: RevocationStatus, from: Date, until: Date)] = [:]
        var failures: [String: (error: EduError, until: Date)] = [:]
    }

    /// Bounds memory: certificates from many CAs must not grow it without end.
    private static let limit = 1_024
    private let state = Mutex(State())

    func answer(for key: Key, at time: Date) -> RevocationStatus? {
        state.withLock { state in
            guard let answer = state.answers[key], answer.from <= time, time < answer.until else { return nil }
            return answer.status
        }
    }

    func keep(_ status: RevocationStatus, for key: Key, from: Date, until: Date) {
        state.withLock { state in
            if state.answers.count >= Self.limit { state.answers.removeAll() }
            state.answers[key] = (status, from, until)
        }
    }

    func failure(at url: String, time: Date) -> EduError? {
        state.withLock { state in
            guard let failure = state.failures[url], time < failure.until else { return nil }
            return failure.error
        }
    }

    func keep(failure: EduError, at url: String, until: Date) {
        state.withLock { state in
            if state.failures.count >= Self.limit { state.failures.removeAll() }
            state.failures[url] = (failure, until)
        }
    }
}
