import EduCore

/// The source where nothing can be fetched: a machine without network, or before the edge's HTTP fetcher is
/// configured. Every answer is `revocation.unreachable`, so the status reads "unknown" and says why.
public struct OfflineCRLSource: CRLSource {
    public init() {}

    public func crl(at url: String) async throws(EduError) -> [UInt8] {
        throw .revocationDataUnreachable
    }
}
