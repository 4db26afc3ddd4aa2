import Crypto
import EduCore
import Foundation

/// A scanned page of an old register (sổ gốc), kept beside the entries transcribed from it as the evidence they were
/// read from: JPEG, PNG, TIFF or PDF, told by its first bytes rather than its name, at most `maximumSize` bytes.
public struct PageScan: Sendable {
    public enum MediaType: String, Sendable, CaseIterable {
        case jpeg = "image/jpeg", png = "image/png", tiff = "image/tiff", pdf = "application/pdf"

        /// What a browser shows in the page itself (TIFF and PDF are offered as files).
        public var isShownInline: Bool { self == .jpeg || self == .png }

        /// The kind of file that starts with `head`; nil when it is none of the four.
        public static func of(head: some Collection<UInt8>) -> MediaType? {
            let signatures: [(MediaType, [UInt8])] = [
                (.jpeg, [0xFF, 0xD8, 0xFF]), (.png, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
                (.tiff, [0x49, 0x49, 0x2A, 0x00]), (.tiff, [0x4D, 0x4D, 0x00, 0x2A]), (.pdf, Array("%PDF-".utf8)),
            ]
            return signatures.first { head.starts(with: $0.1) }?.0
        }
    }

    /// A 600 dpi colour scan of an A3 register page is about 5–15 MB as JPEG.
    public static let maximumSize = 20 << 20
    /// Enough of a file's start to tell its kind.
    public static let headLength = 8

    public let content: [UInt8]
    public let mediaType: MediaType
    /// Lower-case hex: a page shared by many entries (or scanned into two files byte for byte) is stored once.
    public let sha256: String

    public init(content: [UInt8]) throws {
        try Self.check(size: content.count, head: content.prefix(Self.headLength))
        self.content = content
        mediaType = MediaType.of(head: content)!
        sha256 = Hex.encode(SHA256.hash(data: content))
    }

    /// Why a file of `size` bytes starting with `head` cannot be a page scan, if it cannot.
    public static func check(size: Int, head: some Collection<UInt8>) throws {
        guard size > 0 else {
            throw EduError("scans.empty", vi: "Tệp ảnh trang sổ rỗng", en: "The page scan is an empty file")
        }
        guard size <= maximumSize else {
            throw EduError("scans.size", vi: "Tệp ảnh trang sổ lớn hơn \(maximumSize >> 20) MB", en: "The page scan is larger than \(maximumSize >> 20) MB")
        }
        guard MediaType.of(head: head) != nil else {
            throw EduError("scans.kind", vi: "Tệp ảnh trang sổ phải là JPEG, PNG, TIFF hoặc PDF",
                           en: "A page scan must be a JPEG, PNG, TIFF or PDF file")
        }
    }
}

/// A stored page scan as the edge serves it.
public struct StoredPageScan: Sendable {
    public let id: Int
    public let mediaType: PageScan.MediaType
    public let content: [UInt8]
}
