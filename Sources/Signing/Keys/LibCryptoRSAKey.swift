import CLibCrypto
import EduCore

/// An RSA private key held by OpenSSL's libcrypto, for signing only: OpenSSL 3 does the private-key
/// operation with AVX-512 IFMA where the CPU has it, about 2.4 times faster than BoringSSL (docs/signing.md).
/// Made from our own keys' DER, never from input someone else sent, so no untrusted bytes reach C.
final class LibCryptoRSAKey: @unchecked Sendable {
    // Safe to share across threads: OpenSSL 3 allows concurrent use of a fully built EVP_PKEY, and each
    // signature gets its own context.
    private let key: OpaquePointer

    /// Reads a PKCS#1 `RSAPrivateKey`, as swift-crypto's `derRepresentation` gives it.
    init(pkcs1DER der: [UInt8]) throws(EduError) {
        let key = der.withUnsafeBufferPointer { buffer -> OpaquePointer? in
            var cursor = buffer.baseAddress
            return d2i_PrivateKey(EVP_PKEY_RSA, nil, &cursor, buffer.count)
        }
        guard let key else {
            ERR_clear_error()
            throw .unreadablePrivateKey
        }
        self.key = key
    }

    deinit {
        EVP_PKEY_free(key)
    }

    /// RSASSA-PKCS1-v1_5 with SHA-256 (RFC 8017 §8.2), the signature CAdES and PAdES verifiers expect.
    func signPKCS1SHA256(_ data: [UInt8]) throws(EduError) -> [UInt8] {
        guard let context = EVP_MD_CTX_new() else { throw .rsaSigningFailed }
        defer { EVP_MD_CTX_free(context) }
        var keyContext: OpaquePointer?
        guard EVP_DigestSignInit(context, &keyContext, EVP_sha256(), nil, key) == 1,
              EVP_PKEY_CTX_set_rsa_padding(keyContext, RSA_PKCS1_PADDING) == 1
        else { throw failure() }
        var signature = [UInt8](repeating: 0, count: Int(EVP_PKEY_get_size(key)))
        var length = signature.count
        guard EVP_DigestSign(context, &signature, &length, data, data.count) == 1 else { throw failure() }
        return Array(signature.prefix(length))
    }

    private func failure() -> EduError {
        ERR_clear_error()
        return .rsaSigningFailed
    }
}
