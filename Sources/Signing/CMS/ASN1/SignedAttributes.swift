import SwiftASN1

/// The signed attributes of a SignerInfo, kept together with the exact bytes the signature covers.
///
/// RFC 5652 §5.4: the signature is over the DER of `SET OF Attribute` with the universal SET tag,
/// while the SignerInfo stores the same bytes under the `[0] IMPLICIT` tag. Keeping one byte array
/// and swapping only the tag byte means what is signed and what is sent cannot drift apart, and a
/// received signature is checked over the bytes as received, not over our re-encoding of them.
struct SignedAttributes: Sendable {
    static let tag = ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)
    // Both tags are single bytes: [0] constructed is 0xA0, universal SET is 0x31.
    private static let implicitTagByte: UInt8 = 0xA0
    private static let setTagByte: UInt8 = 0x31

    let attributes: [CMSAttribute]
    /// DER of the attributes as a universal SET OF: the signature input.
    let signedBytes: [UInt8]

    init(_ attributes: [CMSAttribute]) throws {
        var coder = DER.Serializer()
        try coder.serializeSetOf(attributes)
        self.attributes = attributes
        self.signedBytes = coder.serializedBytes
    }

    /// Reads the `[0] IMPLICIT` field. Each attribute type may appear once (RFC 5652 §11, RFC 5035 §3).
    init(derEncoded node: ASN1Node) throws {
        let attributes = try DER.sequence(of: CMSAttribute.self, identifier: Self.tag, rootNode: node)
        guard Set(attributes.map(\.type)).count == attributes.count else {
            throw ASN1Error.invalidASN1Object(reason: "A signed attribute type appears more than once")
        }
        self.attributes = attributes
        self.signedBytes = [Self.setTagByte] + node.encodedBytes.dropFirst()
    }

    func serialize(into coder: inout DER.Serializer) {
        coder.serializeRawBytes([Self.implicitTagByte] + signedBytes.dropFirst())
    }

    /// The value of a single-valued attribute, or nil when the attribute is absent.
    func value(of type: ASN1ObjectIdentifier) throws -> ASN1Any? {
        guard let attribute = attributes.first(where: { $0.type == type }) else { return nil }
        guard attribute.values.count == 1 else {
            throw ASN1Error.invalidASN1Object(reason: "Attribute \(type) must have exactly one value")
        }
        return attribute.values[0]
    }
}
