import CInflate
import EduCore

/// FlateDecode (zlib, RFC 1950) through the system's zlib: swift-crypto has no inflate, and Foundation on
/// Linux exposes none. Output is capped, so a small hostile stream cannot expand into gigabytes.
enum Flate {
    static func inflate(_ input: [UInt8], limit: Int) throws(EduError) -> [UInt8] {
        guard input.count < Int(UInt32.max) else { throw .malformedPDF }
        var stream = z_stream()
        guard czlib_inflate_init(&stream) == Z_OK else { throw .malformedPDF }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        let status: Int32 = input.withUnsafeBufferPointer { source in
            stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
            stream.avail_in = uInt(source.count)
            while true {
                let status = chunk.withUnsafeMutableBufferPointer { target in
                    stream.next_out = target.baseAddress
                    stream.avail_out = uInt(target.count)
                    return CInflate.inflate(&stream, Z_NO_FLUSH)
                }
                output.append(contentsOf: chunk[..<(chunk.count - Int(stream.avail_out))])
                // Z_BUF_ERROR here means the input ended before the compressed data did.
                guard status == Z_OK, output.count <= limit else { return status }
            }
        }
        guard status == Z_STREAM_END, output.count <= limit else { throw .malformedPDF }
        return output
    }
}
