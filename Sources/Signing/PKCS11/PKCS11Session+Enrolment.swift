internal import CPKCS11
import EduCore
import X509

/// Putting a signer on a token: a key pair made on the token itself, then the certificate a CA issued
/// for its public half, stored beside it. Both need a session opened with `writable: true`.
extension PKCS11Session {
    /// Generates a key pair whose private half can sign but never leave the token, and returns the public
    /// half to be certified. `rsaModulusBits` defaults to 3072, as ``SoftwareSigningKey`` does; many USB
    /// tokens stop at 2048.
    public func generateKeyPair(_ algorithm: SigningAlgorithm, label: String, id: [UInt8],
                                rsaModulusBits: Int = 3072) throws(EduError) -> Certificate.PublicKey {
        // Checked first: the token would make a smaller key, and leave it there unusable.
        guard algorithm != .rsaPKCS1SHA256 || rsaModulusBits >= 2048 else { throw .pkcs11KeyUnsupported(.label(label)) }
        let naming: [PKCS11Attribute] = [.flag(CKA_TOKEN, true), .text(CKA_LABEL, label), .bytes(CKA_ID, id)]
        let privateTemplate = naming + [
            .flag(CKA_PRIVATE, true), .flag(CKA_SENSITIVE, true), .flag(CKA_EXTRACTABLE, false), .flag(CKA_SIGN, true),
        ]
        var publicTemplate = naming + [.flag(CKA_VERIFY, true)]
        var mechanism = CK_MECHANISM(mechanism: CKM_EC_KEY_PAIR_GEN, pParameter: nil, ulParameterLen: 0)
        if let curve = ECParameters.parameters(for: algorithm) {
            publicTemplate.append(.bytes(CKA_EC_PARAMS, curve))
        } else {
            mechanism.mechanism = CKM_RSA_PKCS_KEY_PAIR_GEN
            publicTemplate += [.number(CKA_MODULUS_BITS, CK_ULONG(rsaModulusBits)), .bytes(CKA_PUBLIC_EXPONENT, [0x01, 0x00, 0x01])]
        }
        return try serially { () throws(EduError) in
            var publicKey: CK_OBJECT_HANDLE = 0
            var privateKey: CK_OBJECT_HANDLE = 0
            try module.require("C_GenerateKeyPair") { functions in
                withTemplate(publicTemplate) { publicAttributes, publicCount in
                    withTemplate(privateTemplate) { privateAttributes, privateCount in
                        functions.C_GenerateKeyPair?(handle, &mechanism, publicAttributes, publicCount,
                                                     privateAttributes, privateCount, &publicKey, &privateKey)
                    }
                }
            }
            guard let key = try self.publicKey(of: publicKey) else { throw .pkcs11KeyUnsupported(.id(id)) }
            return key
        }
    }

    /// Stores a certificate beside its key: the same CKA_ID is what pairs them.
    public func store(_ certificate: Certificate, label: String, id: [UInt8]) throws(EduError) {
        let value: [UInt8], subject: [UInt8]
        do {
            value = try certificate.derBytes()
            subject = try certificate.subject.derBytes()
        } catch {
            throw .malformedCertificate
        }
        // CKA_SUBJECT is required for an X.509 certificate object (PKCS#11 §4.6.3).
        let template: [PKCS11Attribute] = [
            .number(CKA_CLASS, CKO_CERTIFICATE), .number(CKA_CERTIFICATE_TYPE, CKC_X_509), .flag(CKA_TOKEN, true),
            .text(CKA_LABEL, label), .bytes(CKA_ID, id), .bytes(CKA_SUBJECT, subject), .bytes(CKA_VALUE, value),
        ]
        try serially { () throws(EduError) in
            var object: CK_OBJECT_HANDLE = 0
            try module.require("C_CreateObject") { functions in
                withTemplate(template) { functions.C_CreateObject?(handle, $0, $1, &object) }
            }
        }
    }
}
