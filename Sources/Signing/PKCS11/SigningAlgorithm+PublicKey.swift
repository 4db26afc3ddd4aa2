import _CryptoExtras
import Crypto
import X509

extension SigningAlgorithm {
    /// The scheme a key of this type signs with here; nil for any other key. RSA keys under 2048 bits
    /// never get this far: swift-crypto will not build them.
    init?(signingWith key: Certificate.PublicKey) {
        if P256.Signing.PublicKey(key) != nil {
            self = .ecdsaP256SHA256
        } else if P384.Signing.PublicKey(key) != nil {
            self = .ecdsaP384SHA384
        } else if _RSA.Signing.PublicKey(key) != nil {
            self = .rsaPKCS1SHA256
        } else {
            return nil
        }
    }
}
