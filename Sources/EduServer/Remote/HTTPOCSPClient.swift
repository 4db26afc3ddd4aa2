import EduCore
import Signing

/// OCSP over HTTP: the DER request POSTed to the responder's URL (RFC 6960 appendix A.1). Answers are small; one
/// larger than 1 MB is refused. Five seconds at most: the CRL is asked next, and someone waits for the verdict.
public struct HTTPOCSPClient: OCSPClient {
    private let fetch: RemoteFetch

    public init(timeoutSeconds: Int64 = 5) {
        fetch = RemoteFetch(timeout: .seconds(timeoutSeconds), maxResponse: 1 << 20)
    }

    public func response(to request: [UInt8], from url: String) async throws(EduError) -> [UInt8] {
        try await fetch.body(of: url, method: .POST, contentType: "application/ocsp-request", body: request) { .ocspUnreachable($0) }
    }
}

extension EduError {
    static func ocspUnreachable(_ reason: Bilingual) -> EduError {
        EduError("revocation.unreachable", vi: "Không hỏi được máy chủ OCSP: \(reason.vi)", en: "The OCSP responder could not be asked: \(reason.en)")
    }
}
