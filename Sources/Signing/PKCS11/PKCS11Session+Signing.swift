internal import CPKCS11
import EduCore

extension PKCS11Session {
    /// The private key with this label or CKA_ID, ready to sign.
    public func signingKey(_ selector: PKCS11ObjectSelector) throws(EduError) -> PKCS11SigningKey {
        try serially { () throws(EduError) in try PKCS11SigningKey(selector, in: self) }
    }

    /// One signature by the token. The first C_Sign only asks the length, and leaves the operation open
    /// for the second.
    func sign(_ input: [UInt8], with key: CK_OBJECT_HANDLE, mechanism type: CK_MECHANISM_TYPE) throws(EduError) -> [UInt8] {
        var mechanism = CK_MECHANISM(mechanism: type, pParameter: nil, ulParameterLen: 0)
        try module.require("C_SignInit") { $0.C_SignInit?(handle, &mechanism, key) }
        var input = input
        var length: CK_ULONG = 0
        try module.require("C_Sign") { $0.C_Sign?(handle, &input, CK_ULONG(input.count), nil, &length) }
        var signature = [UInt8](repeating: 0, count: Int(length))
        try module.require("C_Sign") { $0.C_Sign?(handle, &input, CK_ULONG(input.count), &signature, &length) }
        return Array(signature.prefix(Int(length)))
    }
}
