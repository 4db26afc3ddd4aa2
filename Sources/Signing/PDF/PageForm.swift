import EduCore

/// The one page of a small PDF made into a form XObject of an update (ISO 32000-1 §8.10): the page's content with its
/// resources, every object they reference copied in under a new number. This is how the signature block that cairo
/// draws (with its font subset embedded) becomes the appearance of a signature widget.
struct PageForm {
    private let file: PDFFile
    private let content: PDFStream
    private let resources: PDFObject
    private let box: [PDFObject]

    init(_ pdf: [UInt8]) throws(EduError) {
        file = try PDFFile(pdf[...])
        guard let page = try file.pages().first, let dictionary = try file.dictionary(.reference(page)) else { throw .malformedPDF }
        // The box as four numbers (an element may be a reference, which would point into the small PDF).
        var box: [PDFObject] = []
        for corner in try file.array(try Self.inherited("MediaBox", of: dictionary, in: file)) ?? [] {
            switch try file.resolve(corner) {
            case let number? where number.integer != nil: box.append(number)
            case .real(let text)?: box.append(.real(text))
            default: throw .malformedPDF
            }
        }
        guard box.count == 4 else { throw .malformedPDF }
        self.box = box
        resources = try Self.inherited("Resources", of: dictionary, in: file) ?? .dictionary(PDFDictionary())
        switch try file.resolve(dictionary["Contents"]) {
        case .stream(let stream)?:
            content = stream
        case .array(let parts)?:
            // Parts of one content stream, split anywhere between tokens (§7.8.2): joined decoded, with a space between.
            var joined: [UInt8] = []
            for part in parts {
                guard case .stream(let stream)? = try file.resolve(part) else { throw .malformedPDF }
                joined += try StreamDecoder.decode(stream) + [0x20]
            }
            content = PDFStream(dictionary: PDFDictionary(), data: joined)
        default:
            throw .malformedPDF
        }
    }

    /// A page attribute the page may inherit from its ancestors in the page tree (ISO 32000-1 §7.7.3.4).
    private static func inherited(_ key: String, of page: PDFDictionary, in file: PDFFile) throws(EduError) -> PDFObject? {
        var node = page
        for _ in 0..<32 {
            if let value = node[key] { return value }
            guard let parent = try file.dictionary(node["Parent"]) else { return nil }
            node = parent
        }
        throw .malformedPDF
    }

    /// Writes the form as `reference`, and the objects it needs as new ones.
    func write(into update: inout IncrementalUpdate, as reference: PDFReference) throws(EduError) {
        var copier = Copier(file: file)
        var dictionary = PDFDictionary([
            "Type": .name("XObject"),
            "Subtype": .name("Form"),
            "BBox": .array(box),
            "Resources": try copier.copy(resources, into: &update),
        ])
        for key in ["Filter", "DecodeParms"] {
            if let value = content.dictionary[key] { dictionary[key] = try copier.copy(value, into: &update) }
        }
        update.write(.stream(PDFStream(dictionary: dictionary, data: content.data)), as: reference)
    }

    /// Copies objects from the small PDF into the update, each once, whatever points at it.
    private struct Copier {
        let file: PDFFile
        var copied: [PDFReference: PDFReference] = [:]

        mutating func copy(_ object: PDFObject, into update: inout IncrementalUpdate) throws(EduError) -> PDFObject {
            switch object {
            case .reference(let source):
                if let target = copied[source] { return .reference(target) }
                let target = update.newReference()
                copied[source] = target
                update.write(try copy(try file.object(source), into: &update), as: target)
                return .reference(target)
            case .array(let elements):
                var copies: [PDFObject] = []
                for element in elements { copies.append(try copy(element, into: &update)) }
                return .array(copies)
            case .dictionary(let dictionary):
                return .dictionary(try copy(dictionary, into: &update))
            case .stream(var stream):
                // The length is written anew from the data.
                stream.dictionary["Length"] = nil
                stream.dictionary = try copy(stream.dictionary, into: &update)
                return .stream(stream)
            default:
                return object
            }
        }

        private mutating func copy(_ dictionary: PDFDictionary, into update: inout IncrementalUpdate) throws(EduError) -> PDFDictionary {
            var copy = PDFDictionary()
            for key in dictionary.keys {
                copy[key] = try self.copy(dictionary[key]!, into: &update)
            }
            return copy
        }
    }
}
