import EduCore
import X509

/// One certificate the demo set-up should issue.
public struct DemoSignerRequest: Sendable {
    public let name: String
    public let kind: SignerKind
    public let holder: DemoHolder
    public let binding: SignerBinding

    public init(name: String, kind: SignerKind, holder: DemoHolder, binding: SignerBinding) {
        self.name = name
        self.kind = kind
        self.holder = holder
        self.binding = binding
    }
}

extension SignerStore {
    static let demoRootName = "demo-root", demoIssuingName = "demo-issuing", demoTimestampName = "demo-tsa"

    /// Makes the DEMO hierarchy on first use (its root becomes a demo trust anchor) and the demo
    /// time-stamp authority's certificate, then a certificate for every requested signer that has none yet, so running it again after new
    /// schools or staff arrive issues only theirs. Run it in one transaction: all or nothing.
    /// Answers the root and how many certificates were issued.
    ///
    /// `publicURL` is where the platform is reached (`EDUVN_PUBLIC_URL`): certificates issued now name their CA's
    /// CRL at `publicURL/crl/NAME.crl`, which the server serves. Without it they name none, and only EduVN itself
    /// (which keeps the revocation list) sees a revocation.
    public func initialiseDemo(department: String, requests: [DemoSignerRequest],
                               publicURL: String? = nil) async throws -> (root: Certificate, issued: Int) {
        let pki: DemoPKI
        let crlBaseURL = publicURL.map { $0 + "/crl" }
        if let root = try await authority(named: Self.demoRootName), let issuing = try await authority(named: Self.demoIssuingName) {
            pki = DemoPKI(root: root, issuingCA: issuing, crlBaseURL: crlBaseURL)
        } else {
            pki = try DemoPKI(department: department, crlBaseURL: crlBaseURL)
            try await addAuthority(name: Self.demoRootName, key: pki.root, isDemo: true)
            try await addAuthority(name: Self.demoIssuingName, key: pki.issuingCA, isDemo: true)
            try await addTrustAnchor(pki.root.certificate, isDemo: true)
        }
        if try await authority(named: Self.demoTimestampName) == nil {
            try await addAuthority(name: Self.demoTimestampName, key: try pki.issueTimestampAuthority(unit: department), isDemo: true)
        }
        let existing = try await signerNames()
        var issued = 0
        for request in requests where !existing.contains(request.name) {
            try await addSigner(name: request.name, kind: request.kind, key: try pki.issue(for: request.holder),
                                binding: request.binding, isDemo: true)
            issued += 1
        }
        return (pki.root.certificate, issued)
    }

    /// The built-in demo time-stamp authority, once `initialiseDemo` has made it.
    public func demoTimestampAuthority() async throws -> DemoTimestampAuthority? {
        try await authority(named: Self.demoTimestampName).map { try DemoTimestampAuthority($0) }
    }
}
