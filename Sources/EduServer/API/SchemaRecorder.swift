import Foundation

/// The JSON schema of a response type, worked out by decoding the type from nothing: each key the type asks for
/// becomes a property, required unless asked with `decodeIfPresent`, named in snake_case as the API's encoder writes
/// it. So the OpenAPI document's response shapes follow the types and cannot drift from them.
enum SchemaRecorder {
    static func schema(of type: any Decodable.Type) -> [String: Any] {
        (try? record(type, depth: 0).schema) ?? [:]
    }

    /// Deeper than this, a type holds itself (a tree): the recorder gives up rather than recurse for ever.
    static let maximumDepth = 24

    /// A value of `type` and its schema.
    fileprivate static func record<T: Decodable>(_ type: T.Type, depth: Int) throws -> (value: T, schema: [String: Any]) {
        guard depth < maximumDepth else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "\(T.self) nests itself"))
        }
        if T.self == Data.self { return (Data() as! T, ["type": "string", "contentEncoding": "base64"]) }
        if T.self == Date.self { return (Date() as! T, ["type": "string", "format": "date-time"]) }
        if let enumeration = T.self as? any (CaseIterable & RawRepresentable).Type, let (first, raw) = cases(of: enumeration),
           let value = first as? T {
            return (value, ["type": raw.first is String ? "string" : "integer", "enum": raw])
        }
        let box = SchemaBox(depth: depth)
        let value = try T(from: RecordingDecoder(box: box))
        return (value, box.schema)
    }

    private static func cases<E: CaseIterable & RawRepresentable>(of _: E.Type) -> (Any, [Any])? {
        guard let first = E.allCases.first else { return nil }
        return (first, E.allCases.map { $0.rawValue as Any })
    }

    /// Foundation's `convertToSnakeCase`: `nationalID` → `national_id`, `nextCursor` → `next_cursor`.
    static func snakeCase(_ key: String) -> String {
        var words: [String] = [], word = ""
        let characters = Array(key)
        for (index, character) in characters.enumerated() {
            let startsWord = character.isUppercase && !word.isEmpty
                && (!(characters[index - 1].isUppercase) || index + 1 < characters.count && characters[index + 1].isLowercase)
            if startsWord {
                words.append(word)
                word = ""
            }
            word.append(character)
        }
        words.append(word)
        return words.map { $0.lowercased() }.joined(separator: "_")
    }
}

private final class SchemaBox {
    /// How many types deep this value sits.
    let depth: Int
    var schema: [String: Any] = [:]
    var properties: [String: Any] = [:]
    var required: [String] = []

    init(depth: Int) {
        self.depth = depth
    }

    func object() {
        schema = ["type": "object"]
    }

    func add(_ key: String, _ property: [String: Any], required isRequired: Bool) {
        let name = SchemaRecorder.snakeCase(key)
        properties[name] = property
        if isRequired { required.append(name) }
        schema = ["type": "object", "properties": properties, "required": required.sorted()]
    }
}

private struct RecordingDecoder: Decoder {
    let box: SchemaBox
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] = [:]

    func container<Key: CodingKey>(keyedBy _: Key.Type) -> KeyedDecodingContainer<Key> {
        box.object()
        return KeyedDecodingContainer(KeyedRecorder<Key>(box: box))
    }

    func unkeyedContainer() -> any UnkeyedDecodingContainer {
        box.schema = ["type": "array"]
        return UnkeyedRecorder(box: box)
    }

    func singleValueContainer() -> any SingleValueDecodingContainer { SingleRecorder(box: box) }
}

private func scalarName(_ type: Any.Type) -> String {
    switch type {
    case is String.Type: "string"
    case is Bool.Type: "boolean"
    case is Double.Type, is Float.Type: "number"
    default: "integer"
    }
}

/// A placeholder for each scalar type; nil for the others.
private func placeholder<T>(_ type: T.Type) -> T? {
    let zero: Any? = switch type {
    case is String.Type: ""
    case is Bool.Type: false
    case is Double.Type: 0.0
    case is Float.Type: Float(0)
    case is Int.Type: 0
    case is Int32.Type: Int32(0)
    case is Int64.Type: Int64(0)
    case is UInt.Type: UInt(0)
    case is UInt8.Type: UInt8(0)
    case is UInt64.Type: UInt64(0)
    case is Int8.Type: Int8(0)
    case is Int16.Type: Int16(0)
    case is UInt16.Type: UInt16(0)
    case is UInt32.Type: UInt32(0)
    default: nil
    }
    return zero as? T
}

private func schemaAndValue<T: Decodable>(_ type: T.Type, in box: SchemaBox) throws -> (T, [String: Any]) {
    if let value = placeholder(type) { return (value, ["type": scalarName(type)]) }
    let recorded = try SchemaRecorder.record(type, depth: box.depth + 1)
    return (recorded.value, recorded.schema)
}

private struct KeyedRecorder<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let box: SchemaBox
    var codingPath: [any CodingKey] = []
    var allKeys: [Key] { [] }

    func contains(_: Key) -> Bool { true }
    func decodeNil(forKey _: Key) -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let (value, schema) = try schemaAndValue(type, in: box)
        box.add(key.stringValue, schema, required: true)
        return value
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        box.add(key.stringValue, try schemaAndValue(type, in: box).1, required: false)
        return nil
    }

    // The protocol's own defaults for scalars would win over the generic one above (and call `decode`): these forward.
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try decodeIfPresent(type as Any.Type, key) }
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try decodeIfPresent(type as Any.Type, key) }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try decodeIfPresent(type as Any.Type, key) }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { try decodeIfPresent(type as Any.Type, key) }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try decodeIfPresent(type as Any.Type, key) }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try decodeIfPresent(type as Any.Type, key) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try decodeIfPresent(type as Any.Type, key) }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try decodeIfPresent(type as Any.Type, key) }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try decodeIfPresent(type as Any.Type, key) }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try decodeIfPresent(type as Any.Type, key) }

    private func decodeIfPresent<T>(_ type: Any.Type, _ key: Key) throws -> T? {
        box.add(key.stringValue, ["type": scalarName(type)], required: false)
        return nil
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy _: NestedKey.Type, forKey key: Key) -> KeyedDecodingContainer<NestedKey> {
        let nested = SchemaBox(depth: box.depth + 1)
        nested.object()
        box.add(key.stringValue, nested.schema, required: true)
        return KeyedDecodingContainer(KeyedRecorder<NestedKey>(box: nested))
    }

    func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedDecodingContainer {
        box.add(key.stringValue, ["type": "array"], required: true)
        return UnkeyedRecorder(box: SchemaBox(depth: box.depth + 1))
    }

    func superDecoder() -> any Decoder { RecordingDecoder(box: box) }
    func superDecoder(forKey _: Key) -> any Decoder { RecordingDecoder(box: box) }
}

/// An array of one element, whose schema becomes the items'.
private final class UnkeyedRecorder: UnkeyedDecodingContainer {
    let box: SchemaBox
    var codingPath: [any CodingKey] = []
    var count: Int? { 1 }
    var currentIndex = 0
    var isAtEnd: Bool { currentIndex > 0 }

    init(box: SchemaBox) {
        self.box = box
    }

    func decodeNil() -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (value, schema) = try schemaAndValue(type, in: box)
        box.schema = ["type": "array", "items": schema]
        currentIndex += 1
        return value
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy _: NestedKey.Type) -> KeyedDecodingContainer<NestedKey> {
        currentIndex += 1
        return KeyedDecodingContainer(KeyedRecorder<NestedKey>(box: SchemaBox(depth: box.depth + 1)))
    }

    func nestedUnkeyedContainer() -> any UnkeyedDecodingContainer {
        currentIndex += 1
        return UnkeyedRecorder(box: SchemaBox(depth: box.depth + 1))
    }

    func superDecoder() -> any Decoder { RecordingDecoder(box: box) }
}

private struct SingleRecorder: SingleValueDecodingContainer {
    let box: SchemaBox
    var codingPath: [any CodingKey] = []

    func decodeNil() -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (value, schema) = try schemaAndValue(type, in: box)
        box.schema = schema
        return value
    }
}
