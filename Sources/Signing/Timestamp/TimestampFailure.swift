import SwiftASN1

/// Why an authority refuses a request: the named bits of `PKIFailureInfo` (RFC 3161 §2.4.2), by bit number.
enum TimestampFailure: Int, Error, CaseIterable, Sendable {
    case badAlg = 0
    case badRequest = 2
    case badDataFormat = 5
    case timeNotAvailable = 14
    case unacceptedPolicy = 15
    case unacceptedExtension = 16
    case addInfoNotAvailable = 17
    case systemFailure = 25

    /// The statusString a refusal carries, for whoever reads the reply (OpenSSL prints it).
    var explanation: String {
        switch self {
        case .badAlg: "unsupported hash algorithm: use SHA-256, SHA-384 or SHA-512"
        case .badRequest: "transaction not permitted or supported"
        case .badDataFormat: "the request is not a DER TimeStampReq v1 with a well-formed message imprint"
        case .timeNotAvailable: "the time source is not available"
        case .unacceptedPolicy: "the requested policy is not supported"
        case .unacceptedExtension: "request extensions are not supported"
        case .addInfoNotAvailable: "the additional information requested is not available"
        case .systemFailure: "the request cannot be handled because of a system failure"
        }
    }

    /// The named bits set in a received `failInfo`; unnamed bits are ignored.
    static func named(in bits: ASN1BitString) -> Set<TimestampFailure> {
        Set(allCases.filter { failure in
            let (byte, bit) = failure.rawValue.quotientAndRemainder(dividingBy: 8)
            return byte < bits.bytes.count && bits.bytes[bits.bytes.startIndex + byte] & (0x80 >> bit) != 0
        })
    }

    /// DER of a named bit list: trailing zero bits dropped (X.690 §11.2.2); nil when no bit is set.
    static func bitString(naming failures: Set<TimestampFailure>) -> (bytes: [UInt8], paddingBits: Int)? {
        guard let highest = failures.map(\.rawValue).max() else { return nil }
        var bytes = [UInt8](repeating: 0, count: highest / 8 + 1)
        for failure in failures {
            bytes[failure.rawValue / 8] |= 0x80 >> (failure.rawValue % 8)
        }
        return (bytes, 7 - highest % 8)
    }
}
