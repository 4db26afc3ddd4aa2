import CInflate
import Foundation

/// A W3C Bitstring Status List (revocation): one bit per credential, set when it is revoked, published as a
/// credential whose `encodedList` is the GZIP-compressed bitstring in multibase base64url ("u…"). At least 131,072 bits
/// (16 KiB), as the specification asks, so a list does not tell how many credentials were issued.
public struct StatusList: Sendable {
    public static let size = 131_072

    private var bits: [UInt8]

    public init() {
        bits = [UInt8](repeating: 0, count: Self.size / 8)
    }

    /// Bit 0 is the most significant bit of the first byte (the specification's order).
    public mutating func set(_ index: Int) {
        precondition((0..<Self.size).contains(index))
        bits[index / 8] |= 0x80 >> UInt8(index % 8)
    }

    public func isSet(_ index: Int) -> Bool {
        bits[index / 8] & (0x80 >> UInt8(index % 8)) != 0
    }

    /// Which list and which index a register entry's bit is: entries are numbered from 1.
    public static func position(ofEntry id: Int) -> (list: Int, index: Int) {
        (id / size, id % size)
    }

    public func encodedList() throws -> String {
        "u" + Base64URLText.encode(try Self.gzip(bits))
    }

    static func gzip(_ input: [UInt8]) throws -> [UInt8] {
        var stream = z_stream()
        guard czlib_deflate_init_gzip(&stream) == Z_OK else { throw CocoaError(.coderInvalidValue) }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(input.count))) + 32)
        var input = input
        let produced: Int = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = source.baseAddress
                stream.avail_in = uInt(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = uInt(target.count)
                return deflate(&stream, Z_FINISH) == Z_STREAM_END ? target.count - Int(stream.avail_out) : -1
            }
        }
        guard produced >= 0 else { throw CocoaError(.coderInvalidValue) }
        return Array(output.prefix(produced))
    }
}

/// base64url without padding (RFC 4648 §5).
enum Base64URLText {
    static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
