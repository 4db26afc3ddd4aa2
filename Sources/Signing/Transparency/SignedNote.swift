import EduCore
import Foundation

/// C2SP signed-note: a text ending in a newline, a blank line, then one line per signature,
/// `— <key name> base64(key ID || signature)`. Checkpoints are signed notes.
/// Parsing works on UTF-8 bytes: Swift's String comparison treats canonically equivalent
/// spellings as equal, and signatures are over exact bytes.
public enum SignedNote {
    /// Verifiers must accept at least 16 signatures (witness cosignatures add up); more than this
    /// is taken as garbage.
    static let maxSignatures = 100
    private static let newline = UInt8(ascii: "\n")
    private static let signaturePrefix = Array("— ".utf8)

    public static func sign(_ text: String, with signer: some CheckpointSigner) throws -> String {
        try checkText(Array(text.utf8))
        try NoteKey.validate(name: signer.keyName)
        let signature = try signer.sign(Array(text.utf8))
        let blob = withUnsafeBytes(of: signer.keyID.bigEndian, Array.init) + signature
        return text + "\n— " + signer.keyName + " " + Data(blob).base64EncodedString() + "\n"
    }

    /// The note's text, once a signature by the verifier's key (same name and key ID) verifies.
    /// Signatures by other keys are ignored, as the spec requires; a failing one by this key
    /// rejects the note.
    public static func open(_ note: String, verifier: some CheckpointVerifier) throws(EduError) -> String {
        let (text, signatures) = try parse(Array(note.utf8))
        var verified = false
        for signature in signatures where signature.keyID == verifier.keyID
            && signature.keyName.utf8.elementsEqual(verifier.keyName.utf8) {
            guard verifier.isValidSignature(signature.bytes, for: text) else { throw EduError.badSignature }
            verified = true
        }
        guard verified else { throw EduError.unsigned }
        return String(decoding: text, as: UTF8.self)
    }

    private struct Signature {
        let keyName: String
        let keyID: UInt32
        let bytes: [UInt8]
    }

    private static func parse(_ note: [UInt8]) throws(EduError) -> (text: [UInt8], signatures: [Signature]) {
        try checkText(note)
        // The text ends at the last blank line; it may contain blank lines of its own.
        guard let blank = note.indices.dropLast().last(where: { note[$0] == newline && note[$0 + 1] == newline })
        else { throw malformed(vi: "không có dòng trống trước chữ ký", en: "no blank line before the signatures") }
        let lines = note[(blank + 2)...].split(separator: newline, omittingEmptySubsequences: false).dropLast()
        guard !lines.isEmpty, lines.count <= maxSignatures else {
            throw malformed(vi: "số dòng chữ ký không hợp lệ", en: "wrong number of signature lines")
        }
        return (Array(note[...blank]), try lines.map(parseSignature))
    }

    private static func parseSignature(_ line: ArraySlice<UInt8>) throws(EduError) -> Signature {
        let malformedLine = malformed(vi: "dòng chữ ký \"\(String(decoding: line, as: UTF8.self))\"",
                                      en: "signature line \"\(String(decoding: line, as: UTF8.self))\"")
        guard line.starts(with: signaturePrefix) else { throw malformedLine }
        let fields = line.dropFirst(signaturePrefix.count).split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        guard fields.count == 2,
              let blob = Data(base64Encoded: Data(fields[1])), blob.count > 4
        else { throw malformedLine }
        let name = String(decoding: fields[0], as: UTF8.self)
        try NoteKey.validate(name: name)
        let keyID = blob.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        return Signature(keyName: name, keyID: keyID, bytes: Array(blob.dropFirst(4)))
    }

    /// Non-empty UTF-8 ending in a newline, no control characters but newline.
    private static func checkText(_ bytes: [UInt8]) throws(EduError) {
        guard bytes.last == newline,
              String(decoding: bytes, as: UTF8.self).utf8.elementsEqual(bytes), // invalid UTF-8 would come back as U+FFFD
              !bytes.contains(where: { ($0 < 0x20 && $0 != newline) || $0 == 0x7F })
        else { throw malformed(vi: "không phải UTF-8 kết thúc bằng xuống dòng, không ký tự điều khiển",
                               en: "not UTF-8 ending in a newline without control characters") }
    }

    private static func malformed(vi: String, en: String) -> EduError {
        EduError.malformedCheckpoint(vi: vi, en: en)
    }
}
