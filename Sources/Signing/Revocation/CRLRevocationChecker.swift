import EduCore
import Foundation
import X509

/// Revocation from CRLs. The certificate's CRL distribution points are asked of the source in turn; the first CRL
/// that the certificate's issuer signed and that is current at the time decides. When none does, the status is
/// unknown, with what went wrong at each point.
public struct CRLRevocationChecker: RevocationChecker {
    private let source: any CRLSource

    public init(source: any CRLSource) {
        self.source = source
    }

    public func status(of certificate: Certificate, issuedBy issuer: Certificate, at time: Date) async -> RevocationStatus {
        let urls: [String]
        do throws(EduError) {
            urls = try RevocationLocations(of: certificate).crlURLs
        } catch {
            return .unknown(reason: error.message)
        }
        guard !urls.isEmpty else { return .unknown(reason: EduError.noCRLDistributionPoint.message) }

        var failures: [(url: String, error: EduError)] = []
        for url in urls {
            do throws(EduError) {
                let crl = try CertificateRevocationList(der: await source.crl(at: url), issuer: issuer)
                guard crl.isCurrent(at: time) else { throw .staleCRL(thisUpdate: crl.thisUpdate, nextUpdate: crl.nextUpdate) }
                return crl.entry(for: certificate.serialNumber).map { RevocationStatus.revoked(date: $0.date, reason: $0.reason) } ?? .good
            } catch {
                failures.append((url, error))
            }
        }
        return .unknown(after: failures)
    }
}
