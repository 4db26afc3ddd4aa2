/// `n g R`: an indirect object's number and generation (ISO 32000-1 §7.3.10).
struct PDFReference: Hashable, Sendable {
    let number: Int
    let generation: Int
}

/// A PDF object as read from a file or about to be written (ISO 32000-1 §7.3).
enum PDFObject: Hashable, Sendable {
    case boolean(Bool)
    case integer(Int)
    /// Kept as written, so that an object copied into an update is written back unchanged.
    case real(String)
    case string([UInt8])
    /// Each byte of the name is one scalar U+0000-U+00FF, so any name round-trips.
    case name(String)
    case array([PDFObject])
    case dictionary(PDFDictionary)
    case stream(PDFStream)
    case reference(PDFReference)
    case null

    var integer: Int? {
        if case .integer(let value) = self { value } else { nil }
    }

    var name: String? {
        if case .name(let value) = self { value } else { nil }
    }

    var string: [UInt8]? {
        if case .string(let value) = self { value } else { nil }
    }

    var array: [PDFObject]? {
        if case .array(let value) = self { value } else { nil }
    }

    var reference: PDFReference? {
        if case .reference(let value) = self { value } else { nil }
    }

    /// A dictionary, or a stream's dictionary.
    var dictionary: PDFDictionary? {
        switch self {
        case .dictionary(let value): value
        case .stream(let stream): stream.dictionary
        default: nil
        }
    }
}

/// A dictionary that keeps its keys in the order read or set, so what it writes is predictable.
/// A key with the value null counts as absent (ISO 32000-1 §7.3.7), so it is never stored.
struct PDFDictionary: Hashable, Sendable {
    private(set) var keys: [String] = []
    private var values: [String: PDFObject] = [:]

    init() {}

    init(_ entries: KeyValuePairs<String, PDFObject>) {
        for (key, value) in entries { self[key] = value }
    }

    subscript(key: String) -> PDFObject? {
        get { values[key] }
        set {
            if let newValue, newValue != .null {
                if values.updateValue(newValue, forKey: key) == nil { keys.append(key) }
            } else if values.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }

    /// Whether `key` names `name`, as in `/Type /Sig`.
    func has(_ key: String, name: String) -> Bool { values[key]?.name == name }

    /// The keys whose values differ between two versions of one dictionary.
    func keysDiffering(from other: PDFDictionary) -> Set<String> {
        Set(keys + other.keys).filter { self[$0] != other[$0] }
    }

    static func == (lhs: PDFDictionary, rhs: PDFDictionary) -> Bool { lhs.values == rhs.values }
    func hash(into hasher: inout Hasher) { hasher.combine(values) }
}

/// A stream: its dictionary and its bytes as stored (still encoded by its filters).
struct PDFStream: Hashable, Sendable {
    var dictionary: PDFDictionary
    var data: [UInt8]
}
