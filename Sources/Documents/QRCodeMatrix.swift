import CQRencode
import EduCore

/// The modules of a QR code (ISO/IEC 18004) as libqrencode makes them: `dark[row][column]`, without the quiet zone.
struct QRCodeMatrix {
    let dark: [[Bool]]

    /// Error correction level M (15 %), byte mode: what a phone camera reads from a printed page.
    init(_ text: String) throws(EduError) {
        guard !text.isEmpty, let code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1) else {
            throw EduError("document.qr", vi: "Không tạo được mã QR cho “\(text.prefix(40))”", en: "Cannot make a QR code of “\(text.prefix(40))”")
        }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        let modules = UnsafeBufferPointer(start: code.pointee.data, count: width * width)
        // Bit 0 of each byte is the module's colour; the others describe its role.
        dark = (0..<width).map { row in (0..<width).map { modules[row * width + $0] & 1 == 1 } }
    }
}
