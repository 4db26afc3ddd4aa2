import EduCore
import Foundation

/// What a verifier found in a signed file, in a form every front end shows the same way
/// (`eduvn verify`, `POST /api/v1/verify`, the public verification page).
public struct SignatureReport: Sendable, Codable, Equatable {
    /// Whether the signer's certificates have been revoked, as far as could be found out.
    public struct Revocation: Sendable, Codable, Equatable {
        /// `good`, `revoked` or `unknown`.
        public let status: String
        public let message: Bilingual

        init(_ status: RevocationStatus) {
            self.status = status.code
            message = status.message
        }
    }

    public struct Signer: Sendable, Codable, Equatable {
        public let subject: String
        /// `trusted`, `invalid_signature`, `content_mismatch`, `untrusted_root`, `expired`, `not_yet_valid`, `rejected_chain`,
        /// `revoked`.
        public let status: String
        public let message: Bilingual
        /// When the signer says it signed; nil when a PDF signature states no time.
        public let signingTime: Date?
        /// When a trusted time-stamp authority saw the signature (PAdES-B-T); nil without one.
        public let timestampTime: Date?
        /// For PDF signatures: `entire_file`, `signatures_added_later` or `modified_after_signing`.
        public let coverage: String?
        /// Subjects from the signer to the trusted root when trusted; empty otherwise.
        public let chain: [String]
        /// Nil when the chain did not reach a trusted root (nothing to ask) or revocation was not checked. An
        /// `unknown` status leaves a signature `trusted`: the reader decides (``SignatureReport/isRevocationChecked``).
        public let revocation: Revocation?
        /// Who holds the certificate: its common name (a person's name, or a seal's unit), without the DEMO marking; nil
        /// when it has none.
        public var holder: String? = nil
        /// The organisation the certificate names (the unit a person signs for, or the seal's unit).
        public var organization: String? = nil
    }

    /// `cms` (a detached signature with its content), `jws` (compact or JSON, one signer per signature)
    /// or `pdf` (PAdES, one signer per signature field, oldest first).
    public let format: String
    public let signers: [Signer]

    /// Every signature intact and every signer trusted.
    public var isTrusted: Bool { !signers.isEmpty && signers.allSatisfy { $0.status == "trusted" } }

    /// Every signer's revocation status known to be good: what a strict reader (`eduvn verify --require-revocation`)
    /// asks beside ``isTrusted``.
    public var isRevocationChecked: Bool { signers.allSatisfy { $0.revocation?.status == "good" } }
}
