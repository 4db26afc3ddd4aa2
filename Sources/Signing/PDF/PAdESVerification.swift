import EduCore
import Foundation
import X509

/// The outcome of checking every signature of a PDF, in the order they were made.
public struct PAdESVerification: Sendable {
    public let signatures: [PDFSignatureVerification]

    /// At least one signature, and every one trusted.
    public var isTrusted: Bool { !signatures.isEmpty && signatures.allSatisfy(\.isTrusted) }
}

/// One signature of a PDF.
public struct PDFSignatureVerification: Sendable {
    /// How much of the file the signature covers.
    public enum Coverage: Sendable, Hashable {
        /// Every byte of the file but the signature value: the document is exactly what was signed.
        case entireFile
        /// Later revisions were appended, and they only add signatures (with the form entries, widgets and
        /// metadata that come with them).
        case signaturesAddedLater
        /// Later revisions change the document otherwise; the status is then `contentMismatch`.
        case modifiedAfterSigning

        /// A stable name for programs (the API, logs).
        public var code: String {
            switch self {
            case .entireFile: "entire_file"
            case .signaturesAddedLater: "signatures_added_later"
            case .modifiedAfterSigning: "modified_after_signing"
            }
        }

        public var message: Bilingual {
            switch self {
            case .entireFile:
                Bilingual(vi: "Chữ ký bao phủ toàn bộ tài liệu", en: "The signature covers the whole document")
            case .signaturesAddedLater:
                Bilingual(vi: "Sau chữ ký này tài liệu chỉ được ký thêm (kèm trường ký và thông tin mô tả)",
                          en: "After this signature the document was only signed further (with signature fields and metadata)")
            case .modifiedAfterSigning:
                Bilingual(vi: "Tài liệu đã bị sửa đổi sau khi ký", en: "The document was modified after this signature")
            }
        }
    }

    /// The signature field's fully qualified name.
    public let fieldName: String
    /// `invalidSignature` as well when the signature could not be read at all (see `problem`).
    public let status: CMSVerification.Status
    /// Why the signature could not be checked: its byte range, its CMS, or its kind (`pdf.*`, `cms.*`, `tsa.*`).
    public let problem: EduError?
    public let signer: Certificate?
    /// The signer's claim: the CMS signing-time when present, else the signature dictionary's `/M`.
    public let claimedSigningTime: Date?
    /// The signature-time-stamp of a PAdES-B-T signature, checked over the signature value.
    public let timestamp: TimestampVerification?
    /// Nil when the byte range could not be accepted.
    public let coverage: Coverage?
    /// From the signer to the trusted root when the status is `.trusted`; empty otherwise.
    public let chain: [Certificate]
    /// What the revocation checker found; see ``CMSVerification/revocation``.
    public let revocation: RevocationStatus?

    /// Trusted, and so is its time-stamp when it has one.
    public var isTrusted: Bool { status == .trusted && (timestamp?.isTrusted ?? true) }
}
