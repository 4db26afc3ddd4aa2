import EduCore
import Signing

extension SignatureTimestamping {
    /// The authority at `EDUVN_TSA_URL` (`url`), else the built-in DEMO one; replies are checked against the trust
    /// anchors before they are embedded. The command line and the web sign with the same.
    public static func configured(url: String?, signers: SignerStore) async throws -> SignatureTimestamping {
        let authority: any TimestampClient
        if let url {
            authority = HTTPTimestampClient(url: url)
        } else if let demo = try await signers.demoTimestampAuthority() {
            authority = demo
        } else {
            throw EduError("tsa.not_configured", vi: "Chưa có đơn vị cấp dấu thời gian (đặt EDUVN_TSA_URL, hoặc chạy eduvn pki init-demo)",
                           en: "No time-stamp authority is set up (set EDUVN_TSA_URL, or run eduvn pki init-demo)")
        }
        return SignatureTimestamping(authority: authority, verifier: TimestampVerifier(trustedRoots: try await signers.trustAnchors()))
    }
}
