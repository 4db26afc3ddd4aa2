import EduCore

/// What one PDF signature covers (ISO 32000-1 §12.8.1), checked as PAdES requires: `/ByteRange` starts at
/// the beginning of the file, leaves out only the signature dictionary's own `/Contents` hex string, and
/// ends where a revision ends. Any other shape could hide unsigned bytes inside the file, so it is refused.
struct SignedRevision {
    /// The signed revision is bytes `0 ..< end` of the file.
    let end: Int
    /// The covered bytes joined: the content the signature's message digest is over.
    let content: [UInt8]
    /// The CMS DER from `/Contents`, without its padding.
    let signature: [UInt8]

    init(_ field: SignedField, in file: PDFFile) throws(EduError) {
        let bytes = file.bytes
        guard let range = field.value["ByteRange"]?.array, range.count == 4,
              case let numbers = range.compactMap(\.integer), numbers.count == 4,
              numbers[0] == 0, numbers[1] > 0, numbers[2] >= numbers[1] + 2, numbers[2] <= bytes.endIndex,
              (0...bytes.endIndex - numbers[2]).contains(numbers[3])
        else { throw .badByteRange }
        let gap = numbers[1] ..< numbers[2]
        let end = numbers[2] + numbers[3]
        guard let contents = field.value["Contents"]?.string,
              Self.isHexString(bytes[gap], holding: contents),
              let value = field.valueReference, let span = try file.span(of: value),
              span.contains(gap.lowerBound), span.contains(gap.upperBound - 1),
              Self.endsRevision(bytes[..<end])
        else { throw .badByteRange }
        self.end = end
        content = Array(bytes[..<gap.lowerBound]) + bytes[gap.upperBound ..< end]
        signature = try Self.der(in: contents)
    }

    /// `<…>` of hex digits only, spelling exactly `value`.
    private static func isHexString(_ text: ArraySlice<UInt8>, holding value: [UInt8]) -> Bool {
        guard text.first == UInt8(ascii: "<"), text.last == UInt8(ascii: ">"), text.count == value.count * 2 + 2 else { return false }
        let digits = text.dropFirst().dropLast().map(PDFSyntax.hexValue)
        return value.indices.allSatisfy { index in
            guard let high = digits[2 * index], let low = digits[2 * index + 1] else { return false }
            return high << 4 | low == value[index]
        }
    }

    /// A revision ends with `%%EOF` and at most one end-of-line marker (§7.5.5).
    private static func endsRevision(_ revision: ArraySlice<UInt8>) -> Bool {
        var end = revision.endIndex
        if end > revision.startIndex, revision[end - 1] == 0x0A { end -= 1 }
        if end > revision.startIndex, revision[end - 1] == 0x0D { end -= 1 }
        return end - revision.startIndex >= 5 && revision[end - 5 ..< end].elementsEqual("%%EOF".utf8)
    }

    /// The placeholder is longer than the CMS: one DER SEQUENCE, then nothing but zeros.
    private static func der(in contents: [UInt8]) throws(EduError) -> [UInt8] {
        guard contents.count >= 2, contents[0] == 0x30 else { throw .malformedSignature }
        var header = 2, length = Int(contents[1])
        if length >= 0x80 {
            let count = length & 0x7F
            guard (1...4).contains(count), contents.count >= 2 + count else { throw .malformedSignature }
            length = contents[2 ..< 2 + count].reduce(0) { $0 << 8 | Int($1) }
            header += count
        }
        guard length <= contents.count - header, contents[(header + length)...].allSatisfy({ $0 == 0 }) else {
            throw .malformedSignature
        }
        return Array(contents[..<(header + length)])
    }
}
