import EduCore

/// Reads PDF objects from bytes (ISO 32000-1 §7.3), at a position the caller chooses: the reader follows
/// the cross-reference table instead of scanning the file. Everything is bounds-checked and nesting is
/// limited, so hostile input ends in `pdf.malformed`, never in a crash or unbounded recursion.
struct PDFParser {
    /// Deeper than any real document nests arrays and dictionaries.
    static let maximumDepth = 64

    let bytes: ArraySlice<UInt8>
    private(set) var position: Int
    /// Resolves an indirect `/Length` while reading a stream; nil when it cannot be known, and the
    /// stream then ends at its `endstream` keyword.
    var resolveLength: (PDFReference) -> Int? = { _ in nil }

    init(_ bytes: ArraySlice<UInt8>, at position: Int) {
        self.bytes = bytes
        self.position = position
    }

    private var current: UInt8? { bytes.indices.contains(position) ? bytes[position] : nil }

    private func lookahead(_ offset: Int) -> UInt8? {
        bytes.indices.contains(position + offset) ? bytes[position + offset] : nil
    }

    /// Skips white space and comments.
    mutating func skipWhitespace() {
        while let byte = current {
            if PDFSyntax.isWhitespace(byte) {
                position += 1
            } else if byte == UInt8(ascii: "%") {
                while let byte = current, byte != 0x0A, byte != 0x0D { position += 1 }
            } else {
                return
            }
        }
    }

    /// The next run of regular characters: a number or a keyword.
    private mutating func regularRun() -> ArraySlice<UInt8> {
        let start = position
        while let byte = current, PDFSyntax.isRegular(byte) { position += 1 }
        return bytes[start ..< position]
    }

    /// Consumes `word` when it comes next as a whole keyword.
    mutating func take(keyword word: String) -> Bool {
        skipWhitespace()
        let saved = position
        if regularRun().elementsEqual(word.utf8) { return true }
        position = saved
        return false
    }

    mutating func expect(keyword word: String) throws(EduError) {
        guard take(keyword: word) else { throw .malformedPDF }
    }

    mutating func integer() throws(EduError) -> Int {
        skipWhitespace()
        guard let value = Self.integer(regularRun()) else { throw .malformedPDF }
        return value
    }

    /// `n g obj … endobj`, and a stream's data when the object is one (§7.3.8, §7.3.10).
    mutating func indirectObject() throws(EduError) -> (PDFReference, PDFObject) {
        let number = try integer(), generation = try integer()
        guard number >= 0, generation >= 0 else { throw .malformedPDF }
        try expect(keyword: "obj")
        var value = try object()
        if case .dictionary(let dictionary) = value, take(keyword: "stream") {
            value = .stream(PDFStream(dictionary: dictionary, data: Array(try streamData(length: dictionary["Length"]))))
        }
        _ = take(keyword: "endobj")
        return (PDFReference(number: number, generation: generation), value)
    }

    /// One direct object, or a reference.
    mutating func object(depth: Int = 0) throws(EduError) -> PDFObject {
        guard depth < Self.maximumDepth else { throw .malformedPDF }
        skipWhitespace()
        guard let byte = current else { throw .malformedPDF }
        switch byte {
        case UInt8(ascii: "/"): return .name(try name())
        case UInt8(ascii: "("): return .string(try literalString())
        case UInt8(ascii: "<"):
            return lookahead(1) == UInt8(ascii: "<") ? .dictionary(try dictionary(depth: depth)) : .string(try hexString())
        case UInt8(ascii: "["): return .array(try array(depth: depth))
        default:
            guard PDFSyntax.isRegular(byte) else { throw .malformedPDF }
            return try numberOrKeyword()
        }
    }

    private mutating func numberOrKeyword() throws(EduError) -> PDFObject {
        let run = regularRun()
        if let value = Self.integer(run) {
            return referenceFollowing(value) ?? .integer(value)
        }
        if Self.isReal(run) { return .real(String(decoding: run, as: UTF8.self)) }
        switch String(decoding: run, as: UTF8.self) {
        case "true": return .boolean(true)
        case "false": return .boolean(false)
        case "null": return .null
        default: throw .malformedPDF
        }
    }

    /// `number generation R` after an integer has been read; the position is left alone when it is not one.
    private mutating func referenceFollowing(_ number: Int) -> PDFObject? {
        let saved = position
        skipWhitespace()
        if let generation = Self.integer(regularRun()), number >= 0, generation >= 0 {
            skipWhitespace()
            if regularRun().elementsEqual("R".utf8) {
                return .reference(PDFReference(number: number, generation: generation))
            }
        }
        position = saved
        return nil
    }

    private mutating func name() throws(EduError) -> String {
        position += 1
        var scalars = String.UnicodeScalarView()
        while let byte = current, PDFSyntax.isRegular(byte) {
            position += 1
            // §7.3.5: #xx writes any byte; a '#' not followed by two hex digits is taken as itself.
            if byte == UInt8(ascii: "#"), let high = current.flatMap(PDFSyntax.hexValue),
               let low = lookahead(1).flatMap(PDFSyntax.hexValue) {
                scalars.append(Unicode.Scalar(high << 4 | low))
                position += 2
            } else {
                scalars.append(Unicode.Scalar(byte))
            }
        }
        return String(scalars)
    }

    /// §7.3.4.2: balanced parentheses, backslash escapes, and end-of-line markers read as LF.
    private mutating func literalString() throws(EduError) -> [UInt8] {
        position += 1
        var value: [UInt8] = []
        var depth = 1
        while let byte = current {
            position += 1
            switch byte {
            case UInt8(ascii: "\\"):
                guard let escaped = current else { throw .malformedPDF }
                position += 1
                switch escaped {
                case UInt8(ascii: "n"): value.append(0x0A)
                case UInt8(ascii: "r"): value.append(0x0D)
                case UInt8(ascii: "t"): value.append(0x09)
                case UInt8(ascii: "b"): value.append(0x08)
                case UInt8(ascii: "f"): value.append(0x0C)
                case UInt8(ascii: "0")...UInt8(ascii: "7"):
                    var code = Int(escaped - UInt8(ascii: "0"))
                    for _ in 0..<2 {
                        guard let digit = current, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(digit) else { break }
                        code = code * 8 + Int(digit - UInt8(ascii: "0"))
                        position += 1
                    }
                    value.append(UInt8(truncatingIfNeeded: code))
                case 0x0D:
                    if current == 0x0A { position += 1 }  // a line continuation
                case 0x0A:
                    break
                default:
                    value.append(escaped)  // \( \) \\ and, as §7.3.4.2 asks, any other character without the backslash
                }
            case UInt8(ascii: "("):
                depth += 1
                value.append(byte)
            case UInt8(ascii: ")"):
                depth -= 1
                if depth == 0 { return value }
                value.append(byte)
            case 0x0D:
                if current == 0x0A { position += 1 }
                value.append(0x0A)
            default:
                value.append(byte)
            }
        }
        throw .malformedPDF
    }

    /// §7.3.4.3: hex digits and white space; an odd last digit stands for its high half.
    private mutating func hexString() throws(EduError) -> [UInt8] {
        position += 1
        var value: [UInt8] = []
        var high: UInt8?
        while let byte = current {
            position += 1
            if byte == UInt8(ascii: ">") {
                if let high { value.append(high << 4) }
                return value
            }
            if PDFSyntax.isWhitespace(byte) { continue }
            guard let nibble = PDFSyntax.hexValue(byte) else { throw .malformedPDF }
            if let pending = high {
                value.append(pending << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        throw .malformedPDF
    }

    private mutating func array(depth: Int) throws(EduError) -> [PDFObject] {
        position += 1
        var elements: [PDFObject] = []
        while true {
            skipWhitespace()
            guard let byte = current else { throw .malformedPDF }
            if byte == UInt8(ascii: "]") {
                position += 1
                return elements
            }
            elements.append(try object(depth: depth + 1))
        }
    }

    /// Keys must be names, each once: two readers could otherwise take different values for one key.
    private mutating func dictionary(depth: Int) throws(EduError) -> PDFDictionary {
        position += 2
        var dictionary = PDFDictionary()
        var seen: Set<String> = []
        while true {
            skipWhitespace()
            guard let byte = current else { throw .malformedPDF }
            if byte == UInt8(ascii: ">") {
                guard lookahead(1) == UInt8(ascii: ">") else { throw .malformedPDF }
                position += 2
                return dictionary
            }
            guard byte == UInt8(ascii: "/") else { throw .malformedPDF }
            let key = try name()
            guard seen.insert(key).inserted else { throw .malformedPDF }
            dictionary[key] = try object(depth: depth + 1)
        }
    }

    /// The bytes after `stream`: `/Length` of them when that is known and ends at `endstream`, otherwise
    /// up to the next `endstream` (less the end-of-line marker before it).
    private mutating func streamData(length: PDFObject?) throws(EduError) -> ArraySlice<UInt8> {
        // §7.3.8.1: the keyword is followed by CRLF or LF; a lone CR is accepted as well.
        if current == 0x0D { position += 1 }
        if current == 0x0A { position += 1 }
        let start = position
        let declared: Int? = switch length {
        case .integer(let value)?: value
        case .reference(let reference)?: resolveLength(reference)
        default: nil
        }
        if let declared, declared >= 0, declared <= bytes.endIndex - start {
            position = start + declared
            if take(keyword: "endstream") { return bytes[start ..< start + declared] }
        }
        guard let end = PDFSyntax.firstIndex(of: "endstream", in: bytes, from: start) else { throw .malformedPDF }
        position = end + "endstream".utf8.count
        var dataEnd = end
        if dataEnd > start, bytes[dataEnd - 1] == 0x0A { dataEnd -= 1 }
        if dataEnd > start, bytes[dataEnd - 1] == 0x0D { dataEnd -= 1 }
        return bytes[start ..< dataEnd]
    }

    /// An optional sign and decimal digits; nil for anything else, including a value beyond `Int`.
    static func integer(_ run: ArraySlice<UInt8>) -> Int? {
        var digits = run[...]
        let negative = digits.first == UInt8(ascii: "-")
        if negative || digits.first == UInt8(ascii: "+") { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.count <= 18 else { return nil }
        var value = 0
        for digit in digits {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digit) else { return nil }
            value = value * 10 + Int(digit - UInt8(ascii: "0"))
        }
        return negative ? -value : value
    }

    /// `[+-]digits.digits` with at least one digit and one point.
    private static func isReal(_ run: ArraySlice<UInt8>) -> Bool {
        var body = run[...]
        if body.first == UInt8(ascii: "-") || body.first == UInt8(ascii: "+") { body = body.dropFirst() }
        let points = body.filter { $0 == UInt8(ascii: ".") }.count
        let digits = body.filter { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }.count
        return points == 1 && digits >= 1 && points + digits == body.count
    }
}
