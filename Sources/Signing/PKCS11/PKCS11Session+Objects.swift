internal import CPKCS11
import EduCore
import _CryptoExtras
import X509

/// Finding objects on the token and reading their attributes. Callers run these on the session's queue.
extension PKCS11Session {
    /// Up to `limit` objects matching every attribute of the template.
    func find(_ template: [PKCS11Attribute], limit: Int) throws(EduError) -> [CK_OBJECT_HANDLE] {
        try module.require("C_FindObjectsInit") { functions in
            withTemplate(template) { functions.C_FindObjectsInit?(handle, $0, $1) }
        }
        // Until C_FindObjectsFinal the session is in a search and refuses every other operation.
        defer { _ = module.call { $0.C_FindObjectsFinal?(handle) } }
        var objects = [CK_OBJECT_HANDLE](repeating: 0, count: limit)
        var count: CK_ULONG = 0
        try module.require("C_FindObjects") { $0.C_FindObjects?(handle, &objects, CK_ULONG(limit), &count) }
        return Array(objects.prefix(Int(count)))
    }

    /// The attribute's value, or nil when the object has none or will not reveal it.
    func attribute(_ type: CK_ATTRIBUTE_TYPE, of object: CK_OBJECT_HANDLE) throws(EduError) -> [UInt8]? {
        var attribute = CK_ATTRIBUTE(type: type, pValue: nil, ulValueLen: 0)
        let sized = module.call { $0.C_GetAttributeValue?(handle, object, &attribute, 1) }
        switch sized {
        case CKR_ATTRIBUTE_TYPE_INVALID, CKR_ATTRIBUTE_SENSITIVE: return nil
        case CKR_OK where attribute.ulValueLen == eduvn_ck_unavailable_information: return nil
        case CKR_OK: break
        default: throw .pkcs11Failed("C_GetAttributeValue", returned: sized)
        }
        var value = [UInt8](repeating: 0, count: Int(attribute.ulValueLen))
        let read = value.withUnsafeMutableBytes { buffer in
            attribute.pValue = buffer.baseAddress
            return module.call { $0.C_GetAttributeValue?(handle, object, &attribute, 1) }
        }
        guard read == CKR_OK else { throw .pkcs11Failed("C_GetAttributeValue", returned: read) }
        return Array(value.prefix(Int(attribute.ulValueLen)))
    }

    func number(_ type: CK_ATTRIBUTE_TYPE, of object: CK_OBJECT_HANDLE) throws(EduError) -> CK_ULONG? {
        guard let bytes = try attribute(type, of: object), bytes.count == MemoryLayout<CK_ULONG>.size else { return nil }
        return bytes.withUnsafeBytes { $0.loadUnaligned(as: CK_ULONG.self) }
    }

    /// The X.509 certificate stored under this CKA_ID, if any.
    func certificate(id: [UInt8]) throws(EduError) -> Certificate? {
        let template: [PKCS11Attribute] = [
            .number(CKA_CLASS, CKO_CERTIFICATE), .number(CKA_CERTIFICATE_TYPE, CKC_X_509), .bytes(CKA_ID, id),
        ]
        guard let object = try find(template, limit: 1).first, let der = try attribute(CKA_VALUE, of: object) else { return nil }
        do {
            return try Certificate(derEncoded: der)
        } catch {
            throw .malformedCertificate
        }
    }

    /// The public key stored under this CKA_ID as an object of its own, if any.
    func publicKey(id: [UInt8]) throws(EduError) -> Certificate.PublicKey? {
        guard let object = try find([.number(CKA_CLASS, CKO_PUBLIC_KEY), .bytes(CKA_ID, id)], limit: 1).first else { return nil }
        return try publicKey(of: object)
    }

    /// A public key object's value, rebuilt from its parameters; nil for a type the platform does not sign with.
    func publicKey(of object: CK_OBJECT_HANDLE) throws(EduError) -> Certificate.PublicKey? {
        switch try number(CKA_KEY_TYPE, of: object) {
        case CKK_EC:
            guard let parameters = try attribute(CKA_EC_PARAMS, of: object),
                  let point = try attribute(CKA_EC_POINT, of: object) else { return nil }
            return ECParameters.publicKey(parameters: parameters, point: point)
        case CKK_RSA:
            guard let modulus = try attribute(CKA_MODULUS, of: object),
                  let exponent = try attribute(CKA_PUBLIC_EXPONENT, of: object),
                  // swift-crypto refuses moduli under 2048 bits, as the platform does.
                  let key = try? _RSA.Signing.PublicKey(n: modulus, e: exponent) else { return nil }
            return Certificate.PublicKey(key)
        default:
            return nil
        }
    }
}
