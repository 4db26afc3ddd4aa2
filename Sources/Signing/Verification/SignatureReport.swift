import EduCore
import Foundation

/// What a verifier found in a signed file, in a form every front end shows the same way
/// (`eduvn verify`, `POST /api/v1/verify`, the public verification page).
public struct SignatureReport: Sendable, Codable, Equatable {
    public struct Signer: Sendable, Codable, Equatable {
        public let subject: String
        /// `trusted`, `invalid_signature`, `content_mismatch`, `untrusted_root`, `expired`, `not_yet_valid`, `rejected_chain`.
        public let status: String
        public let message: Bilingual
        /// When the signer says it signed (no time-stamp vouches for it yet).
        public let signingTime: Date
        /// Subjects from the signer to the trusted root when trusted; empty otherwise.
        public let chain: [String]
    }

    /// `cms` (a detached signature with its content) or `jws` (compact or JSON, one signer per signature).
    public let format: String
    public let signers: [Signer]

    /// Every signature intact and every signer trusted.
    public var isTrusted: Bool { !signers.isEmpty && signers.allSatisfy { $0.status == "trusted" } }
}
