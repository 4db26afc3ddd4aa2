import EduCore

/// Where an object is stored, as a cross-reference section says (ISO 32000-1 §7.5.4, §7.5.8.3).
enum CrossReferenceEntry: Hashable, Sendable {
    case free
    case inFile(offset: Int, generation: Int)
    case inObjectStream(stream: Int, index: Int)
}

/// One cross-reference section with its trailer: a classic table (`xref … trailer`) or a cross-reference
/// stream (PDF 1.5), whose dictionary is the trailer.
struct CrossReferenceSection {
    /// Below the 8,388,607 of ISO 32000-1 Annex C, on purpose: a school document has thousands of objects,
    /// and a file that claims millions would only make the public verification page spend memory on it.
    static let maximumObjectNumber = 1 << 20

    var entries: [Int: CrossReferenceEntry]
    let trailer: PDFDictionary
    let isStream: Bool
    /// How many bytes decoding the section took (a cross-reference stream's), for the file's budget.
    let decodedSize: Int

    static func read(at offset: Int, in bytes: ArraySlice<UInt8>) throws(EduError) -> CrossReferenceSection {
        guard bytes.indices.contains(offset) else { throw .malformedPDF }
        var parser = PDFParser(bytes, at: offset)
        if parser.take(keyword: "xref") { return try table(&parser) }
        let (_, object) = try parser.indirectObject()
        guard case .stream(let stream) = object, stream.dictionary.has("Type", name: "XRef") else { throw .malformedPDF }
        return try CrossReferenceSection(stream: stream)
    }

    /// Subsections of `first count` then `count` lines of `offset generation n|f` (§7.5.4).
    private static func table(_ parser: inout PDFParser) throws(EduError) -> CrossReferenceSection {
        var entries: [Int: CrossReferenceEntry] = [:]
        while !parser.take(keyword: "trailer") {
            let first = try parser.integer(), count = try parser.integer()
            // Each line takes at least 6 bytes, which bounds `count` by what is left of the file.
            guard first >= 0, count >= 0, count <= (parser.bytes.endIndex - parser.position) / 6,
                  first + count <= maximumObjectNumber + 1
            else { throw .malformedPDF }
            for number in first ..< first + count {
                let offset = try parser.integer(), generation = try parser.integer()
                let entry: CrossReferenceEntry
                if parser.take(keyword: "n") {
                    entry = .inFile(offset: offset, generation: generation)
                } else if parser.take(keyword: "f") {
                    entry = .free
                } else {
                    throw .malformedPDF
                }
                guard entries.updateValue(entry, forKey: number) == nil else { throw .malformedPDF }
            }
        }
        guard case .dictionary(let trailer) = try parser.object() else { throw .malformedPDF }
        return CrossReferenceSection(entries: entries, trailer: trailer, isStream: false, decodedSize: 0)
    }

    private init(entries: [Int: CrossReferenceEntry], trailer: PDFDictionary, isStream: Bool, decodedSize: Int) {
        self.entries = entries
        self.trailer = trailer
        self.isStream = isStream
        self.decodedSize = decodedSize
    }

    /// Rows of `/W` big-endian fields for the object numbers `/Index` lists (§7.5.8.2-3).
    private init(stream: PDFStream) throws(EduError) {
        let dictionary = stream.dictionary
        guard let widths = dictionary["W"]?.array?.compactMap(\.integer), widths.count == 3,
              widths.allSatisfy({ (0...8).contains($0) }), let size = dictionary["Size"]?.integer,
              (0...Self.maximumObjectNumber + 1).contains(size)
        else { throw .malformedPDF }
        let index = dictionary["Index"]?.array?.compactMap(\.integer) ?? [0, size]
        let rowLength = widths.reduce(0, +)
        guard rowLength > 0, index.count % 2 == 0 else { throw .malformedPDF }
        let data = try StreamDecoder.decode(stream)

        var entries: [Int: CrossReferenceEntry] = [:]
        var row = 0
        for pair in stride(from: 0, to: index.count, by: 2) {
            let (first, count) = (index[pair], index[pair + 1])
            guard first >= 0, count >= 0, count <= data.count / rowLength - row,
                  first + count <= Self.maximumObjectNumber + 1
            else { throw .malformedPDF }
            for number in first ..< first + count {
                var cursor = row * rowLength
                var fields: [Int] = []
                for width in widths {
                    fields.append(try Self.bigEndian(data[cursor ..< cursor + width]))
                    cursor += width
                }
                // A type field of width zero means every row is type 1 (§7.5.8.2).
                let type = widths[0] == 0 ? 1 : fields[0]
                let entry: CrossReferenceEntry = switch type {
                case 1: .inFile(offset: fields[1], generation: fields[2])
                case 2: .inObjectStream(stream: fields[1], index: fields[2])
                // Type 0 is free; other types are to be read as references to the null object.
                default: .free
                }
                guard entries.updateValue(entry, forKey: number) == nil else { throw .malformedPDF }
                row += 1
            }
        }
        self.init(entries: entries, trailer: dictionary, isStream: true, decodedSize: data.count)
    }

    private static func bigEndian(_ bytes: ArraySlice<UInt8>) throws(EduError) -> Int {
        var value: UInt64 = 0
        for byte in bytes { value = value << 8 | UInt64(byte) }
        guard value <= UInt64(Int.max) else { throw .malformedPDF }
        return Int(value)
    }
}
