import Foundation
import X509

/// The outcome of checking a JWS that could be read: its payload and one result per signature.
public struct JWSVerification: Sendable {
    public struct Signature: Sendable {
        /// The same statuses as CMS signatures have; `contentMismatch` never occurs, since a JWS
        /// signature covers the payload itself and a changed payload makes it `invalidSignature`.
        public let status: CMSVerification.Status
        public let signer: Certificate
        public let algorithm: SigningAlgorithm
        /// When the signer says it signed; see ``CMSVerifier/CheckTime/signingTime``.
        public let signingTime: Date
        /// The protected `typ`: check it is the kind of document expected before acting on the payload.
        public let type: String?
        /// From the signer to the trusted root when the status is `.trusted`; empty otherwise.
        public let chain: [Certificate]
        /// What the revocation checker found; see ``CMSVerification/revocation``.
        public let revocation: RevocationStatus?

        public var isTrusted: Bool { status == .trusted }
    }

    /// The signed bytes. Act on them only when the signatures that matter are trusted.
    public let payload: [UInt8]
    /// In the order of the serialisation; never empty.
    public let signatures: [Signature]

    /// Every signature intact and every signer trusted.
    public var isTrusted: Bool { signatures.allSatisfy(\.isTrusted) }
}
