import EduCore

/// A PDF opened through its cross-reference sections (ISO 32000-1 §7.5), newest first along `/Prev`:
/// objects are read where the cross-reference says, never by scanning, and a damaged file is refused
/// rather than reconstructed, so every reader sees the same document the signer saw.
///
/// Not `Sendable`: it caches decoded object streams while one task reads it.
final class PDFFile {
    private static let maximumSections = 1_000
    /// How many references may be followed one inside another (an indirect stream length, an object stream).
    private static let maximumNesting = 16
    /// Bounds what decoding cross-reference and object streams may cost one file, however many it has.
    private static let maximumDecodedTotal = 256 << 20

    /// The file, or a prefix of it (a signed revision): offsets are indices into it.
    let bytes: ArraySlice<UInt8>
    /// Every object number's newest entry.
    let entries: [Int: CrossReferenceEntry]
    /// The newest trailer (the cross-reference stream's dictionary when the newest section is a stream).
    let trailer: PDFDictionary
    /// Where the newest cross-reference section starts: the `/Prev` of an update.
    let startxref: Int
    /// Whether the newest section is a cross-reference stream; an update keeps to the same kind.
    let usesCrossReferenceStreams: Bool
    let root: PDFReference

    private var objectStreams: [Int: Result<ObjectStream, EduError>] = [:]
    private var decodedTotal: Int
    private var nesting = 0

    init(_ bytes: ArraySlice<UInt8>) throws(EduError) {
        self.bytes = bytes
        startxref = try Self.startxref(in: bytes)
        var entries: [Int: CrossReferenceEntry] = [:]
        var decoded = 0
        var visited: Set<Int> = []
        var newest: CrossReferenceSection?
        var next: Int? = startxref
        while let offset = next {
            guard visited.insert(offset).inserted, visited.count <= Self.maximumSections else { throw .malformedPDF }
            var section = try CrossReferenceSection.read(at: offset, in: bytes)
            decoded += section.decodedSize
            // A hybrid file's table leaves some objects to a cross-reference stream (§7.5.8.4).
            if !section.isStream, let hybrid = section.trailer["XRefStm"] {
                guard let hybridOffset = hybrid.integer, visited.insert(hybridOffset).inserted else { throw .malformedPDF }
                let streamSection = try CrossReferenceSection.read(at: hybridOffset, in: bytes)
                decoded += streamSection.decodedSize
                section.entries.merge(streamSection.entries) { table, _ in table }
            }
            guard decoded <= Self.maximumDecodedTotal else { throw .malformedPDF }
            entries.merge(section.entries) { newer, _ in newer }
            newest = newest ?? section
            next = nil
            if let previous = section.trailer["Prev"] {
                guard let previous = previous.integer else { throw .malformedPDF }
                next = previous
            }
        }
        guard let newest, let root = newest.trailer["Root"]?.reference else { throw .malformedPDF }
        guard newest.trailer["Encrypt"] == nil else { throw .encryptedPDF }
        self.entries = entries
        self.decodedTotal = decoded
        self.trailer = newest.trailer
        self.usesCrossReferenceStreams = newest.isStream
        self.root = root
    }

    /// The offset after the last `startxref`. The file must end with `%%EOF` (white space may follow),
    /// so a truncated file is refused instead of being read as one of its earlier revisions.
    private static func startxref(in bytes: ArraySlice<UInt8>) throws(EduError) -> Int {
        var end = bytes.endIndex
        while end > bytes.startIndex, PDFSyntax.isWhitespace(bytes[end - 1]) { end -= 1 }
        let marker = end - 5
        guard marker >= bytes.startIndex, bytes[marker ..< end].elementsEqual("%%EOF".utf8),
              let keyword = PDFSyntax.lastIndex(of: "startxref", in: bytes[max(bytes.startIndex, end - 1_024) ..< end], endingBy: marker)
        else { throw .malformedPDF }
        var parser = PDFParser(bytes, at: keyword + "startxref".utf8.count)
        let offset = try parser.integer()
        guard parser.position <= marker, bytes[parser.position ..< marker].allSatisfy(PDFSyntax.isWhitespace),
              (bytes.startIndex ..< marker).contains(offset)
        else {
            throw .malformedPDF
        }
        return offset
    }

    /// The number a new object may take.
    var nextObjectNumber: Int {
        max(trailer["Size"]?.integer ?? 0, (entries.keys.max() ?? 0) + 1)
    }

    /// An indirect object; null when the cross-reference has no such object, as §7.3.10 reads it.
    func object(_ reference: PDFReference) throws(EduError) -> PDFObject {
        guard nesting < Self.maximumNesting else { throw .malformedPDF }
        nesting += 1
        defer { nesting -= 1 }
        switch entries[reference.number] {
        case nil, .free?:
            return .null
        case .inFile(let offset, let generation)?:
            guard generation == reference.generation else { return .null }
            let (found, value) = try indirectObject(at: offset)
            guard found == reference else { throw .malformedPDF }
            return value
        case .inObjectStream(let stream, let index)?:
            guard reference.generation == 0 else { return .null }
            return try objectStream(stream).object(reference.number, at: index)
        }
    }

    /// The bytes from `n g obj` to `endobj` of an object stored directly in the file; nil otherwise.
    func span(of reference: PDFReference) throws(EduError) -> Range<Int>? {
        guard case .inFile(let offset, let generation)? = entries[reference.number], generation == reference.generation else {
            return nil
        }
        var parser = parser(at: offset)
        _ = try parser.indirectObject()
        return offset ..< parser.position
    }

    /// Follows references to a direct object (nil for null).
    func resolve(_ object: PDFObject?) throws(EduError) -> PDFObject? {
        var current = object
        for _ in 0..<Self.maximumNesting {
            guard case .reference(let reference)? = current else { return current == .null ? nil : current }
            current = try self.object(reference)
        }
        throw .malformedPDF
    }

    /// A dictionary (or a stream's dictionary) after following references; nil when it is absent or another type.
    func dictionary(_ object: PDFObject?) throws(EduError) -> PDFDictionary? {
        try resolve(object)?.dictionary
    }

    func array(_ object: PDFObject?) throws(EduError) -> [PDFObject]? {
        try resolve(object)?.array
    }

    func catalog() throws(EduError) -> PDFDictionary {
        guard let catalog = try dictionary(.reference(root)) else { throw .malformedPDF }
        return catalog
    }

    /// The page objects in reading order, from the page tree (§7.7.3).
    func pages() throws(EduError) -> [PDFReference] {
        guard let tree = try catalog()["Pages"]?.reference else { throw .malformedPDF }
        var pages: [PDFReference] = []
        var visited: Set<PDFReference> = []
        var pending = [tree]
        while let node = pending.popLast() {
            guard visited.insert(node).inserted, let dictionary = try dictionary(.reference(node)) else { throw .malformedPDF }
            guard let kids = dictionary["Kids"] else {
                pages.append(node)
                continue
            }
            guard let kids = try array(kids) else { throw .malformedPDF }
            for kid in kids.reversed() {
                guard let kid = kid.reference else { throw .malformedPDF }
                pending.append(kid)
            }
        }
        return pages
    }

    private func parser(at offset: Int) -> PDFParser {
        var parser = PDFParser(bytes, at: offset)
        parser.resolveLength = { [self] reference in try? self.object(reference).integer }
        return parser
    }

    private func indirectObject(at offset: Int) throws(EduError) -> (PDFReference, PDFObject) {
        guard bytes.indices.contains(offset) else { throw .malformedPDF }
        var parser = parser(at: offset)
        return try parser.indirectObject()
    }

    /// Decoded once and kept, failures too: many objects share one stream.
    private func objectStream(_ number: Int) throws(EduError) -> ObjectStream {
        let result = objectStreams[number] ?? Result { () throws(EduError) in try loadObjectStream(number) }
        objectStreams[number] = result
        return try result.get()
    }

    /// An object stream (§7.5.7): `/N` pairs of object number and offset (from `/First`), then the objects.
    private func loadObjectStream(_ number: Int) throws(EduError) -> ObjectStream {
        // An object stream is itself stored directly in the file, never inside another.
        guard case .inFile(let offset, _)? = entries[number] else { throw .malformedPDF }
        let (reference, value) = try indirectObject(at: offset)
        guard reference.number == number, case .stream(let stream) = value, stream.dictionary.has("Type", name: "ObjStm"),
              let count = stream.dictionary["N"]?.integer, let first = stream.dictionary["First"]?.integer,
              count >= 0, first >= 0
        else { throw .malformedPDF }
        let data = try StreamDecoder.decode(stream)
        decodedTotal += data.count
        guard decodedTotal <= Self.maximumDecodedTotal, first <= data.count, count <= first / 2 else { throw .malformedPDF }
        var header = PDFParser(data[..<first], at: 0)
        var objects: [(number: Int, offset: Int)] = []
        for _ in 0..<count {
            let objectNumber = try header.integer(), objectOffset = try header.integer()
            guard objectNumber >= 0, objectOffset >= 0, objectOffset < data.count - first else { throw .malformedPDF }
            objects.append((objectNumber, first + objectOffset))
        }
        return ObjectStream(data: data, objects: objects)
    }
}

private struct ObjectStream {
    let data: [UInt8]
    let objects: [(number: Int, offset: Int)]

    func object(_ number: Int, at index: Int) throws(EduError) -> PDFObject {
        guard objects.indices.contains(index), objects[index].number == number else { throw .malformedPDF }
        var parser = PDFParser(data[...], at: objects[index].offset)
        return try parser.object()
    }
}
