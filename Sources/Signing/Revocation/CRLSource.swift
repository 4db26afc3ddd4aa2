import EduCore

/// Where CRLs come from, by the URL a certificate's CRL distribution points name (``RevocationLocations``):
/// ``StoredCRLSource`` for our own CAs' CRLs, ``OfflineCRLSource`` where nothing can be fetched, and an HTTP
/// fetcher, written at the edge, for other CAs'. ChainCheck asks only about chains that reached a trusted root, so
/// the URLs come from certificates that trusted CAs issued, never from whoever uploads a signature.
public protocol CRLSource: Sendable {
    /// The DER of the CRL published at `url`, as it stands now. Throws, with a reason a person can read, when it
    /// cannot be had; the checker then reports the revocation status as unknown with that reason.
    func crl(at url: String) async throws(EduError) -> [UInt8]
}
