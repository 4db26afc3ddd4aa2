import EduCore
import Foundation
import X509

/// Recognises a signed file and checks it against the trusted roots. Throws only for input that
/// cannot be read (`verify.*`, `cms.*` codes); a readable signature always gets a report.
public struct DocumentVerifier: Sendable {
    public let trustedRoots: [Certificate]

    public init(trustedRoots: [Certificate]) {
        self.trustedRoots = trustedRoots
    }

    /// `content` is the signed document when `file` is a detached signature.
    public func verify(_ file: [UInt8], content: [UInt8]?) async throws(EduError) -> SignatureReport {
        if file.starts(with: Array("%PDF".utf8)) { throw EduError.formatNotYetSupported("PDF") }
        guard file.first == 0x30 else { throw EduError.unrecognisedSignature }
        guard let content else { throw EduError.detachedContentMissing }
        let result = try await CMSVerifier(trustedRoots: trustedRoots).verify(file, of: content)
        return SignatureReport(format: "cms", signers: [SignatureReport.Signer(
            subject: result.signer.subject.description, status: result.status.code, message: result.status.message,
            signingTime: result.signingTime, chain: result.chain.map(\.subject.description))])
    }
}

extension EduError {
    static let unrecognisedSignature = EduError(
        "verify.unrecognised", vi: "Không nhận ra tệp: cần chữ ký CMS (.p7s, DER) kèm tài liệu",
        en: "The file is not recognised: expected a CMS signature (.p7s, DER) with its document")

    static let detachedContentMissing = EduError(
        "verify.content", vi: "Chữ ký tách rời cần kèm tài liệu đã ký", en: "A detached signature needs the signed document")

    static func formatNotYetSupported(_ format: String) -> EduError {
        EduError("verify.unsupported", vi: "Chưa hỗ trợ kiểm tra chữ ký trong tệp \(format)",
                 en: "Checking signatures in \(format) files is not supported yet")
    }
}
