import EduCore

/// CRLs held here, by the URL each is published at: those of our own CAs, which the signing service issues itself
/// and need not fetch over HTTP. Any other URL goes to `otherwise`.
public struct StoredCRLSource: CRLSource {
    private let crls: [String: [UInt8]]
    private let otherwise: any CRLSource

    public init(_ crls: [String: [UInt8]], otherwise: any CRLSource = OfflineCRLSource()) {
        self.crls = crls
        self.otherwise = otherwise
    }

    public func crl(at url: String) async throws(EduError) -> [UInt8] {
        if let crl = crls[url] { return crl }
        return try await otherwise.crl(at: url)
    }
}
