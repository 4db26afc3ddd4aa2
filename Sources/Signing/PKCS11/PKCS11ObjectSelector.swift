internal import CPKCS11
import EduCore

/// How a key is named on a token: by its label (CKA_LABEL, what token tools show) or by its identifier
/// (CKA_ID, which also pairs a private key with its certificate and public key).
public enum PKCS11ObjectSelector: Sendable, Hashable {
    case label(String)
    case id([UInt8])

    var attribute: PKCS11Attribute {
        switch self {
        case .label(let label): .text(CKA_LABEL, label)
        case .id(let id): .bytes(CKA_ID, id)
        }
    }

    /// For messages.
    var name: Bilingual {
        switch self {
        case .label(let label): Bilingual(vi: "nhãn \"\(label)\"", en: "label \"\(label)\"")
        case .id(let id): Bilingual(vi: "CKA_ID \(Hex.encode(id))", en: "CKA_ID \(Hex.encode(id))")
        }
    }
}
