import EduCore
import Foundation
import X509

/// Recognises a signed file and checks it against the trusted roots. Throws only for input that
/// cannot be read (`verify.*`, `cms.*`, `jws.*` codes); a readable signature always gets a report.
public struct DocumentVerifier: Sendable {
    public let trustedRoots: [Certificate]

    public init(trustedRoots: [Certificate]) {
        self.trustedRoots = trustedRoots
    }

    /// `content` is the signed document when `file` is a detached signature.
    public func verify(_ file: [UInt8], content: [UInt8]?) async throws(EduError) -> SignatureReport {
        if file.starts(with: Array("%PDF".utf8)) { throw EduError.formatNotYetSupported("PDF") }
        if Self.looksLikeJWS(file) {
            let result = try await JWSVerifier(trustedRoots: trustedRoots).verify(file)
            return SignatureReport(format: "jws", signers: result.signatures.map {
                SignatureReport.Signer($0.signer, status: $0.status, signingTime: $0.signingTime, chain: $0.chain)
            })
        }
        guard file.first == 0x30 else { throw EduError.unrecognisedSignature }
        guard let content else { throw EduError.detachedContentMissing }
        let result = try await CMSVerifier(trustedRoots: trustedRoots).verify(file, of: content)
        return SignatureReport(format: "cms", signers: [
            SignatureReport.Signer(result.signer, status: result.status, signingTime: result.signingTime, chain: result.chain),
        ])
    }

    /// A JWS opens with `{` (JSON serialisation) or `eyJ` (compact: base64url of `{"`), a CMS signature with DER's 0x30.
    private static func looksLikeJWS(_ file: [UInt8]) -> Bool {
        let start = file.drop { [0x20, 0x09, 0x0A, 0x0D].contains($0) }
        return start.first == UInt8(ascii: "{") || start.starts(with: Array("eyJ".utf8))
    }
}

extension SignatureReport.Signer {
    init(_ signer: Certificate, status: CMSVerification.Status, signingTime: Date, chain: [Certificate]) {
        self.init(subject: signer.subject.description, status: status.code, message: status.message,
                  signingTime: signingTime, chain: chain.map(\.subject.description))
    }
}

extension EduError {
    static let unrecognisedSignature = EduError(
        "verify.unrecognised", vi: "Không nhận ra tệp: cần chữ ký CMS (.p7s, DER) kèm tài liệu, hoặc chữ ký JWS",
        en: "The file is not recognised: expected a CMS signature (.p7s, DER) with its document, or a JWS")

    static let detachedContentMissing = EduError(
        "verify.content", vi: "Chữ ký tách rời cần kèm tài liệu đã ký", en: "A detached signature needs the signed document")

    static func formatNotYetSupported(_ format: String) -> EduError {
        EduError("verify.unsupported", vi: "Chưa hỗ trợ kiểm tra chữ ký trong tệp \(format)",
                 en: "Checking signatures in \(format) files is not supported yet")
    }
}
