import SwiftASN1

extension DERSerializable {
    func derBytes() throws -> [UInt8] {
        var coder = DER.Serializer()
        try coder.serialize(self)
        return coder.serializedBytes
    }
}

extension ASN1NodeCollection.Iterator {
    /// The next field of a SEQUENCE, which the grammar says must be there.
    mutating func required(_ field: String) throws -> ASN1Node {
        guard let node = next() else {
            throw ASN1Error.invalidASN1Object(reason: "\(field) is missing")
        }
        return node
    }
}
