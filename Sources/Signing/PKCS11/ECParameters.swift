import Crypto
import SwiftASN1
import X509

/// The curves as PKCS#11 names them: CKA_EC_PARAMS holds the DER of the curve's OID, and CKA_EC_POINT the
/// DER OCTET STRING of the uncompressed point (X9.62).
enum ECParameters {
    /// CKA_EC_PARAMS for generating a key on the curve of `algorithm`; nil for RSA.
    static func parameters(for algorithm: SigningAlgorithm) -> [UInt8]? {
        let curve: ASN1ObjectIdentifier
        switch algorithm {
        case .ecdsaP256SHA256: curve = .NamedCurves.secp256r1
        case .ecdsaP384SHA384: curve = .NamedCurves.secp384r1
        case .rsaPKCS1SHA256: return nil
        }
        // Writing an OID only appends bytes: it cannot fail.
        return try! curve.derBytes()
    }

    /// The public key, or nil for another curve or a value that does not decode.
    static func publicKey(parameters: [UInt8], point: [UInt8]) -> Certificate.PublicKey? {
        guard let curve = try? ASN1ObjectIdentifier(derEncoded: parameters),
              let x963 = try? ASN1OctetString(derEncoded: point).bytes else { return nil }
        switch curve {
        case .NamedCurves.secp256r1: return (try? P256.Signing.PublicKey(x963Representation: x963)).map(Certificate.PublicKey.init)
        case .NamedCurves.secp384r1: return (try? P384.Signing.PublicKey(x963Representation: x963)).map(Certificate.PublicKey.init)
        default: return nil
        }
    }
}
