internal import CPKCS11
import EduCore
import Foundation

/// A logged-in session on one token: the keys opened through it sign while it lives, and it closes
/// when the last of them is gone.
///
/// The PIN is used for C_Login only and is not kept (see `login`). PKCS#11 logs a whole process in to a
/// token at once: while one session is logged in, C_Login on another session to that token succeeds
/// without checking the PIN again.
public final class PKCS11Session: @unchecked Sendable {
    let module: PKCS11Module
    let handle: CK_SESSION_HANDLE
    // PKCS#11 allows one operation at a time on a session (a search, a signature): this queue runs them in
    // turn, which is what makes the class safe to share. Signing waits on it without holding one of
    // Swift's cooperative threads while a USB token takes its time.
    private let queue = DispatchQueue(label: "eduvn.pkcs11.session")

    /// Opens a session on the token labelled `tokenLabel` in the module at `modulePath` and logs in as the
    /// user. `writable` is needed only to generate keys or store certificates on the token.
    public init(modulePath: String, tokenLabel: String, pin: String, writable: Bool = false) throws(EduError) {
        module = try PKCS11Module.load(modulePath)
        let slot = try module.slot(tokenLabel: tokenLabel)
        var handle: CK_SESSION_HANDLE = 0
        let flags = CKF_SERIAL_SESSION | (writable ? CKF_RW_SESSION : 0)
        try module.require("C_OpenSession") { $0.C_OpenSession?(slot, flags, nil, nil, &handle) }
        self.handle = handle
        // A failed login closes the session again: the object is complete, so deinit runs.
        try login(pin: pin)
    }

    deinit {
        _ = module.call { $0.C_CloseSession?(handle) }
    }

    /// Our copy of the PIN is overwritten once the token has it. The caller's String cannot be: Swift
    /// strings are immutable values, so the caller should drop it as soon as this returns.
    private func login(pin: String) throws(EduError) {
        var secret = Array(pin.utf8)
        defer { secret.withUnsafeMutableBytes { _ = $0.initializeMemory(as: UInt8.self, repeating: 0) } }
        let result = module.call { $0.C_Login?(handle, CKU_USER, &secret, CK_ULONG(secret.count)) }
        switch result {
        case CKR_OK, CKR_USER_ALREADY_LOGGED_IN: return
        case CKR_PIN_INCORRECT, CKR_PIN_INVALID, CKR_PIN_LEN_RANGE: throw .pkcs11WrongPIN
        case CKR_PIN_LOCKED: throw .pkcs11PINLocked
        default: throw .pkcs11Failed("C_Login", returned: result)
        }
    }

    /// Runs `body` on the session's queue and waits for it.
    func serially<Value>(_ body: () throws(EduError) -> Value) throws(EduError) -> Value {
        try queue.sync { Result(catching: body) }.get()
    }

    /// Runs `body` on the session's queue; the calling task is suspended, not its thread.
    func seriallyInBackground<Value: Sendable>(_ body: @escaping @Sendable () throws(EduError) -> Value) async throws(EduError) -> Value {
        try await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: Result(catching: body)) }
        }.get()
    }
}
