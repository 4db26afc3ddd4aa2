internal import CPKCS11
import EduCore

/// What can go wrong with a key on a token, each with its stable code. Vietnamese first. None of them
/// carries the PIN.
extension EduError {
    static func pkcs11Module(_ path: String, reason: String) -> EduError {
        EduError("pkcs11.module",
                 vi: "Không nạp được mô-đun PKCS#11 \(path) (\(reason)); hãy kiểm tra đường dẫn tới thư viện của token",
                 en: "Cannot load the PKCS#11 module \(path) (\(reason)); check the path to the token's library")
    }

    static func pkcs11TokenNotFound(_ label: String) -> EduError {
        EduError("pkcs11.token",
                 vi: "Không thấy token có nhãn \"\(label)\": hãy cắm token USB và kiểm tra nhãn của nó",
                 en: "No token labelled \"\(label)\": plug in the USB token and check its label")
    }

    static let pkcs11WrongPIN = EduError(
        "pkcs11.pin",
        vi: "Mã PIN của token không đúng",
        en: "The token's PIN is wrong")

    static let pkcs11PINLocked = EduError(
        "pkcs11.pin_locked",
        vi: "Mã PIN của token đã bị khoá vì nhập sai quá nhiều lần; hãy liên hệ đơn vị cấp token để mở khoá",
        en: "The token's PIN is locked after too many wrong attempts; ask the token's issuer to unlock it")

    static func pkcs11KeyNotFound(_ key: PKCS11ObjectSelector) -> EduError {
        EduError("pkcs11.key",
                 vi: "Không có khoá bí mật nào mang \(key.name.vi) trên token",
                 en: "No private key with \(key.name.en) on the token")
    }

    static func pkcs11KeyAmbiguous(_ key: PKCS11ObjectSelector) -> EduError {
        EduError("pkcs11.key",
                 vi: "Có nhiều khoá bí mật mang \(key.name.vi) trên token; hãy chọn khoá theo CKA_ID",
                 en: "More than one private key has \(key.name.en) on the token; choose the key by CKA_ID")
    }

    static func pkcs11KeyUnsupported(_ key: PKCS11ObjectSelector) -> EduError {
        EduError("pkcs11.key_unsupported",
                 vi: "Không dùng được khoá mang \(key.name.vi): cần chứng thư số hoặc khoá công khai đi kèm (cùng CKA_ID), loại P-256, P-384 hoặc RSA từ 2048 bit",
                 en: "The key with \(key.name.en) cannot be used: it needs a certificate or public key beside it (same CKA_ID), of type P-256, P-384 or RSA of 2048 bits or more")
    }

    static func pkcs11Failed(_ function: String, returned code: CK_RV) -> EduError {
        EduError("pkcs11.failed",
                 vi: "Token báo lỗi \(hex(code)) ở \(function)",
                 en: "The token answered \(hex(code)) to \(function)")
    }

    /// Return values as the PKCS#11 standard lists them.
    static func hex(_ code: CK_RV) -> String {
        "0x" + String(code, radix: 16, uppercase: true)
    }

    static let pkcs11MalformedSignature = EduError(
        "pkcs11.signature",
        vi: "Token trả về chữ ký không đúng định dạng của thuật toán",
        en: "The token returned a signature that does not fit the algorithm")
}
