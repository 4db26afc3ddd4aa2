#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import EduCore

/// glibc's iconv, the authoritative converter for TCVN 5712 and Windows-1258 on this platform.
enum Iconv {
    /// `bytes` in `charset` as a Unicode string (not yet normalised).
    static func decode(_ bytes: [UInt8], from charset: String) throws(EduError) -> String {
        guard !bytes.isEmpty else { return "" }
        let descriptor = iconv_open("UTF-8", charset)
        guard descriptor != iconv_t(bitPattern: -1) else {
            throw EduError("encoding.unsupported", vi: "Máy không có bộ chuyển mã \(charset)", en: "This machine has no \(charset) converter")
        }
        defer { iconv_close(descriptor) }
        // A legacy byte becomes at most one character of three UTF-8 bytes (four for safety).
        var output = [UInt8](repeating: 0, count: bytes.count * 4 + 4)
        var input = bytes
        let written: Int? = input.withUnsafeMutableBytes { inputBuffer in
            output.withUnsafeMutableBytes { outputBuffer in
                var inPointer = inputBuffer.baseAddress?.assumingMemoryBound(to: CChar.self)
                var inLeft = inputBuffer.count
                var outPointer = outputBuffer.baseAddress?.assumingMemoryBound(to: CChar.self)
                var outLeft = outputBuffer.count
                guard iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft) != -1,
                      iconv(descriptor, nil, nil, &outPointer, &outLeft) != -1 else { return nil }
                return outputBuffer.count - outLeft
            }
        }
        guard let written else {
            throw EduError("encoding.invalid", vi: "Có byte không hợp lệ trong bảng mã \(charset)", en: "Bytes that are not valid \(charset)")
        }
        return String(decoding: output.prefix(written), as: UTF8.self)
    }
}
