import EduCore

/// The errors of reading, signing and checking PDFs, with their stable codes. Vietnamese first.
extension EduError {
    static let malformedPDF = EduError(
        "pdf.malformed",
        vi: "Tệp PDF không đúng định dạng hoặc bị cắt cụt, hỏng",
        en: "The PDF is not well-formed, or is truncated or damaged")

    static let encryptedPDF = EduError(
        "pdf.encrypted",
        vi: "Tệp PDF được mã hoá: chưa hỗ trợ ký hay kiểm tra tệp mã hoá",
        en: "The PDF is encrypted: signing and checking encrypted PDFs is not supported")

    static let unsupportedPDF = EduError(
        "pdf.unsupported",
        vi: "Tệp PDF dùng tính năng chưa được hỗ trợ (bộ lọc nén hoặc bộ dự đoán khác FlateDecode/PNG)",
        en: "The PDF uses a feature that is not supported (a filter or predictor other than FlateDecode/PNG)")

    static func pageMissing(_ page: Int, count: Int) -> EduError {
        EduError("pdf.page_missing",
                 vi: "Tệp PDF không có trang \(page + 1) (chỉ có \(count) trang)",
                 en: "The PDF has no page \(page + 1) (it has \(count))")
    }

    static let invalidPlacement = EduError(
        "pdf.placement",
        vi: "Vị trí khối chữ ký không hợp lệ (toạ độ phải là số hữu hạn trong trang, kích thước dương)",
        en: "The signature block's place is invalid (coordinates must be finite and on a page, sizes positive)")

    static let signatureTooLarge = EduError(
        "pdf.signature_too_large",
        vi: "Chữ ký lớn hơn chỗ dành sẵn trong tệp PDF",
        en: "The signature is larger than the space reserved for it in the PDF")

    static let badByteRange = EduError(
        "pdf.byte_range",
        vi: "Vùng ký (ByteRange) không bao phủ đúng toàn bộ phiên bản tài liệu ngoài giá trị chữ ký",
        en: "The signed byte range does not cover exactly the whole revision except the signature value")

    static let unsupportedPDFSignature = EduError(
        "pdf.signature_unsupported",
        vi: "Loại chữ ký PDF chưa được hỗ trợ (chỉ kiểm tra ETSI.CAdES.detached và adbe.pkcs7.detached)",
        en: "The kind of PDF signature is not supported (only ETSI.CAdES.detached and adbe.pkcs7.detached are checked)")

    static func timestampRefused(_ reason: Bilingual) -> EduError {
        EduError("pdf.timestamp_refused",
                 vi: "Không dùng được dấu thời gian nhận về: \(reason.vi)",
                 en: "The time-stamp received cannot be used: \(reason.en)")
    }
}
