internal import CPKCS11
import EduCore
import Foundation

/// A PKCS#11 module: the shared library a token's vendor ships (SoftHSM2's for tests), opened with dlopen
/// and initialised once per process. It is never finalised or unloaded: C_Initialize holds for the whole
/// process and every user of the module, and C_Finalize would close sessions still in use elsewhere.
final class PKCS11Module: @unchecked Sendable {
    // The function list is read-only once loaded.
    private let functions: UnsafeMutablePointer<CK_FUNCTION_LIST>
    /// One call into the module at a time, whatever the session. The module is told it may lock for itself
    /// (CKF_OS_LOCKING_OK), but SoftHSM2's file object store is not safe across sessions: a search on one session
    /// can read an object another is still writing, and key generation then fails with CKR_GENERAL_ERROR (SoftHSMv2
    /// issue 573). A token works one operation at a time anyway, and each session already queues its own.
    private let calls = NSLock()

    private static let lock = NSLock()
    nonisolated(unsafe) private static var loaded: [String: PKCS11Module] = [:]

    /// The module at `path`, loaded on first use. A failed load is not remembered, so a token driver
    /// installed later is found on the next try.
    static func load(_ path: String) throws(EduError) -> PKCS11Module {
        lock.lock()
        defer { lock.unlock() }
        if let module = loaded[path] { return module }
        let module = try PKCS11Module(path: path)
        loaded[path] = module
        return module
    }

    private init(path: String) throws(EduError) {
        guard let library = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            throw .pkcs11Module(path, reason: dlerror().map { String(cString: $0) } ?? "dlopen")
        }
        do throws(EduError) {
            guard let symbol = dlsym(library, "C_GetFunctionList") else {
                throw .pkcs11Module(path, reason: "C_GetFunctionList not found")
            }
            var list: UnsafeMutablePointer<CK_FUNCTION_LIST>?
            let listed = unsafeBitCast(symbol, to: CK_C_GetFunctionList.self)(&list)
            guard listed == CKR_OK, let list else {
                throw .pkcs11Module(path, reason: "C_GetFunctionList \(EduError.hex(listed))")
            }
            functions = list
            var arguments = CK_C_INITIALIZE_ARGS()
            arguments.flags = CKF_OS_LOCKING_OK
            let initialised = call { $0.C_Initialize?(&arguments) }
            // Already initialised means another library in this process shares the module: so do we.
            guard initialised == CKR_OK || initialised == CKR_CRYPTOKI_ALREADY_INITIALIZED else {
                throw .pkcs11Module(path, reason: "C_Initialize \(EduError.hex(initialised))")
            }
        } catch {
            dlclose(library)
            throw error
        }
    }

    /// Calls one function of the module and returns its CK_RV. The standard has a module fill every entry
    /// of its list, with stubs answering CKR_FUNCTION_NOT_SUPPORTED; a broken module that leaves a gap
    /// gets that answer here instead of a crash.
    func call(_ function: (CK_FUNCTION_LIST) -> CK_RV?) -> CK_RV {
        calls.withLock { function(functions.pointee) ?? CKR_FUNCTION_NOT_SUPPORTED }
    }

    /// Calls one function and throws `pkcs11.failed`, naming it, on any answer but CKR_OK.
    func require(_ name: String, _ function: (CK_FUNCTION_LIST) -> CK_RV?) throws(EduError) {
        let result = call(function)
        guard result == CKR_OK else { throw .pkcs11Failed(name, returned: result) }
    }

    /// The slot holding the token with this label. Only slots with a token present are asked.
    func slot(tokenLabel label: String) throws(EduError) -> CK_SLOT_ID {
        var count: CK_ULONG = 0
        try require("C_GetSlotList") { $0.C_GetSlotList?(CK_BBOOL(CK_TRUE), nil, &count) }
        var slots = [CK_SLOT_ID](repeating: 0, count: Int(count))
        try require("C_GetSlotList") { $0.C_GetSlotList?(CK_BBOOL(CK_TRUE), &slots, &count) }
        for slot in slots.prefix(Int(count)) {
            var token = CK_TOKEN_INFO()
            // A token pulled out since the slot list was read is simply not a match.
            if call({ $0.C_GetTokenInfo?(slot, &token) }) == CKR_OK, Self.text(padded: token.label) == label {
                return slot
            }
        }
        throw .pkcs11TokenNotFound(label)
    }

    /// PKCS#11 pads fixed-size text fields with blanks.
    private static func text<Field>(padded field: Field) -> String {
        var text = withUnsafeBytes(of: field) { String(decoding: $0, as: UTF8.self) }
        while text.last == " " || text.last == "\0" { text.removeLast() }
        return text
    }
}
