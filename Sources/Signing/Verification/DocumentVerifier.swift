import EduCore
import Foundation
import X509

/// Recognises a signed file and checks it against the trusted roots. Throws only for input that
/// cannot be read (`verify.*`, `cms.*`, `jws.*` codes); a readable signature always gets a report.
public struct DocumentVerifier: Sendable {
    public let trustedRoots: [Certificate]
    /// Asked about every signer's chain that reaches a trusted root; nil leaves revocation unchecked.
    public let revocation: (any RevocationChecker)?

    public init(trustedRoots: [Certificate], revocation: (any RevocationChecker)? = nil) {
        self.trustedRoots = trustedRoots
        self.revocation = revocation
    }

    /// `content` is the signed document when `file` is a detached signature.
    public func verify(_ file: [UInt8], content: [UInt8]?) async throws(EduError) -> SignatureReport {
        if file.starts(with: Array("%PDF".utf8)) {
            let result = try await PAdESVerifier(trustedRoots: trustedRoots, revocation: revocation).verify(file)
            return SignatureReport(format: "pdf", signers: result.signatures.map(SignatureReport.Signer.init(pdf:)))
        }
        if Self.looksLikeJWS(file) {
            let result = try await JWSVerifier(trustedRoots: trustedRoots, revocation: revocation).verify(file)
            return SignatureReport(format: "jws", signers: result.signatures.map {
                SignatureReport.Signer($0.signer, status: $0.status, signingTime: $0.signingTime, chain: $0.chain,
                                       revocation: $0.revocation)
            })
        }
        guard file.first == 0x30 else { throw EduError.unrecognisedSignature }
        guard let content else { throw EduError.detachedContentMissing }
        let result = try await CMSVerifier(trustedRoots: trustedRoots, revocation: revocation).verify(file, of: content)
        return SignatureReport(format: "cms", signers: [
            SignatureReport.Signer(result.signer, status: result.status, signingTime: result.signingTime, chain: result.chain,
                                   revocation: result.revocation, timestamp: result.timestamp),
        ])
    }

    /// A JWS opens with `{` (JSON serialisation) or `eyJ` (compact: base64url of `{"`), a CMS signature with DER's 0x30.
    private static func looksLikeJWS(_ file: [UInt8]) -> Bool {
        let start = file.drop { [0x20, 0x09, 0x0A, 0x0D].contains($0) }
        return start.first == UInt8(ascii: "{") || start.starts(with: Array("eyJ".utf8))
    }
}

extension SignatureReport.Signer {
    /// A signature that is intact but whose time-stamp is not trusted is not trusted either, and says so.
    init(_ signer: Certificate?, status: CMSVerification.Status, signingTime: Date?, chain: [Certificate],
         revocation: RevocationStatus?, timestamp: TimestampVerification? = nil, coverage: String? = nil, problem: EduError? = nil) {
        let (code, message): (String, Bilingual) = if let problem {
            (status.code, problem.message)
        } else if status == .trusted, let timestamp, !timestamp.isTrusted {
            ("timestamp_" + timestamp.status.code, timestamp.status.message)
        } else {
            (status.code, status.message)
        }
        self.init(subject: signer?.subject.description ?? "", status: code, message: message, signingTime: signingTime,
                  timestampTime: timestamp.flatMap { $0.isTrusted ? $0.genTime : nil }, coverage: coverage,
                  chain: chain.map(\.subject.description), revocation: revocation.map(SignatureReport.Revocation.init),
                  holder: signer?.commonName.map { DemoNaming.holder(commonName: $0) }, organization: signer?.organizationName)
    }

    /// A PDF signature: one that could not be read says why.
    init(pdf signature: PDFSignatureVerification) {
        self.init(signature.signer, status: signature.status, signingTime: signature.claimedSigningTime, chain: signature.chain,
                  revocation: signature.revocation, timestamp: signature.timestamp, coverage: signature.coverage?.code, problem: signature.problem)
    }
}

extension EduError {
    static let unrecognisedSignature = EduError(
        "verify.unrecognised", vi: "Không nhận ra tệp: cần tệp PDF đã ký, chữ ký CMS (.p7s, DER) kèm tài liệu, hoặc chữ ký JWS",
        en: "The file is not recognised: expected a signed PDF, a CMS signature (.p7s, DER) with its document, or a JWS")

    static let detachedContentMissing = EduError(
        "verify.content", vi: "Chữ ký tách rời cần kèm tài liệu đã ký", en: "A detached signature needs the signed document")

}
