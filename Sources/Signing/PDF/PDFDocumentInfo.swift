import EduCore

/// The document information dictionary of a PDF (ISO 32000-1 §14.3.3). Read from the file as it stands: only
/// after every signature verified with nothing but signatures added after it (``PDFSignatureVerification/coverage``)
/// is it known to be what the signers signed.
public enum PDFDocumentInfo {
    /// `/Keywords` as text (PDFDocEncoding read as Latin-1, or UTF-16BE with its byte-order mark); nil when absent.
    public static func keywords(of pdf: [UInt8]) throws(EduError) -> String? {
        let file = try PDFFile(pdf[...])
        guard let info = try file.dictionary(file.trailer["Info"]), let bytes = try file.resolve(info["Keywords"])?.string else { return nil }
        if bytes.starts(with: [0xFE, 0xFF]) {
            let units = stride(from: 2, to: bytes.count - 1, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
            return String(decoding: units, as: UTF16.self)
        }
        return String(bytes.map { Character(Unicode.Scalar($0)) })
    }
}
