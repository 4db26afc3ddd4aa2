internal import CPKCS11

/// One entry of a search or creation template, its value already laid out as the module reads it.
struct PKCS11Attribute {
    let type: CK_ATTRIBUTE_TYPE
    let value: [UInt8]

    static func bytes(_ type: CK_ATTRIBUTE_TYPE, _ value: [UInt8]) -> PKCS11Attribute {
        PKCS11Attribute(type: type, value: value)
    }

    /// Labels are UTF-8 without a terminating NUL.
    static func text(_ type: CK_ATTRIBUTE_TYPE, _ value: String) -> PKCS11Attribute {
        PKCS11Attribute(type: type, value: Array(value.utf8))
    }

    static func flag(_ type: CK_ATTRIBUTE_TYPE, _ value: Bool) -> PKCS11Attribute {
        PKCS11Attribute(type: type, value: [CK_BBOOL(value ? CK_TRUE : CK_FALSE)])
    }

    /// Object classes, key types, sizes: a CK_ULONG in the machine's own byte order.
    static func number(_ type: CK_ATTRIBUTE_TYPE, _ value: CK_ULONG) -> PKCS11Attribute {
        PKCS11Attribute(type: type, value: withUnsafeBytes(of: value) { Array($0) })
    }
}

/// Lends `body` the template as a C array. The values are copied into one allocation that outlives the
/// call, each at a CK_ULONG boundary because modules read numbers through typed pointers.
func withTemplate<Result>(_ attributes: [PKCS11Attribute],
                          _ body: (UnsafeMutablePointer<CK_ATTRIBUTE>?, CK_ULONG) -> Result) -> Result {
    let alignment = MemoryLayout<CK_ULONG>.stride
    let sizes = attributes.map { ($0.value.count + alignment - 1) / alignment * alignment }
    let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: sizes.reduce(0, +), alignment: alignment)
    defer { storage.deallocate() }
    var template: [CK_ATTRIBUTE] = []
    var offset = 0
    for (attribute, size) in zip(attributes, sizes) {
        let slot = UnsafeMutableRawBufferPointer(rebasing: storage[offset..<offset + size])
        slot.copyBytes(from: attribute.value)
        template.append(CK_ATTRIBUTE(type: attribute.type, pValue: slot.baseAddress, ulValueLen: CK_ULONG(attribute.value.count)))
        offset += size
    }
    return template.withUnsafeMutableBufferPointer { body($0.baseAddress, CK_ULONG($0.count)) }
}
