import EduCore

/// A signature field that holds a signature: the field's name and its signature dictionary (`/V`).
struct SignedField {
    /// The fully qualified name: the partial names (`/T`) from the root field down, joined by periods.
    let name: String
    let value: PDFDictionary
    /// Where the signature dictionary is stored, when it is an indirect object (as every writer makes it).
    let valueReference: PDFReference?
}

/// The interactive form's fields (ISO 32000-1 §12.7), walked from the catalog's `/AcroForm`.
enum SignatureFields {
    /// Field trees this deep or this large come from no real form.
    private static let maximumDepth = 32
    private static let maximumFields = 100_000

    /// Every partial or full field name, to choose a new one that differs.
    static func names(in file: PDFFile) throws(EduError) -> Set<String> {
        Set(try walk(file).map(\.name))
    }

    /// Signature fields with a value, in the order the form lists them.
    static func signed(in file: PDFFile) throws(EduError) -> [SignedField] {
        var signed: [SignedField] = []
        for field in try walk(file) where field.type == "Sig" {
            guard let value = field.dictionary["V"], let signature = try file.dictionary(value) else { continue }
            signed.append(SignedField(name: field.name, value: signature, valueReference: value.reference))
        }
        return signed
    }

    private struct Field {
        let name: String
        /// `/FT`, which a field inherits from its parent (§12.7.3.1).
        let type: String?
        let dictionary: PDFDictionary
    }

    private static func walk(_ file: PDFFile) throws(EduError) -> [Field] {
        guard let form = try file.dictionary(file.catalog()["AcroForm"]),
              let roots = try file.array(form["Fields"]) else { return [] }
        var fields: [Field] = []
        var visited: Set<PDFReference> = []
        var pending: [(node: PDFObject, parentName: String?, parentType: String?, depth: Int)] =
            roots.reversed().map { ($0, nil, nil, 0) }
        while let (node, parentName, parentType, depth) = pending.popLast() {
            if let reference = node.reference {
                guard visited.insert(reference).inserted else { throw .malformedPDF }
            }
            guard depth < maximumDepth, visited.count <= maximumFields,
                  let dictionary = try file.dictionary(node) else { throw .malformedPDF }
            let partial = dictionary["T"]?.string.map(PDFText.decode)
            let name = [parentName, partial].compactMap { $0 }.joined(separator: ".")
            let type = dictionary["FT"]?.name ?? parentType
            // A widget without a name of its own is part of its parent field, not a field.
            if partial != nil || parentName == nil {
                fields.append(Field(name: name, type: type, dictionary: dictionary))
            }
            for kid in (try file.array(dictionary["Kids"]) ?? []).reversed() {
                pending.append((kid, name, type, depth + 1))
            }
        }
        return fields
    }
}
