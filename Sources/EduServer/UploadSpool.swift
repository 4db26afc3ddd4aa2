import Foundation
import Vapor

/// An upload written to a temporary file as it arrives, so a sheet of 100 MB never sits in memory. The caller removes
/// the file when done with it.
struct SpooledUpload {
    let path: String
    let filename: String
    /// The form's other fields (small text: the sheet, the CSRF token, the dry-run box).
    let fields: [String: String]

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

enum UploadSpool {
    /// A text field longer than this is not one of the form's fields: the upload is refused.
    static let maxField = 64 * 1024

    /// A raw request body (the API's upload).
    static func body(_ req: Request, filename: String, maxSize: ByteCount) async throws -> SpooledUpload {
        var total = 0
        let path = try await spool(req, maxSize: maxSize) { chunk, file in
            total += chunk.readableBytes
            try file.write(contentsOf: chunk.readableBytesView)
        } finish: {
            guard total > 0 else { throw Abort(.badRequest, reason: "the file is the body") }
        }
        return SpooledUpload(path: path, filename: filename, fields: [:])
    }

    /// A `multipart/form-data` form: the part named `fileField` goes to disk, the others are kept as text.
    static func multipart(_ req: Request, fileField: String = "file", maxSize: ByteCount) async throws -> SpooledUpload {
        guard let boundary = req.headers.contentType?.parameters["boundary"] else { throw Abort(.unsupportedMediaType) }
        let form = FormState()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in
            guard name.lowercased() == "content-disposition" else { return }
            form.part = Self.parameter("name", in: value) ?? ""
            if form.part == fileField { form.filename = Self.parameter("filename", in: value) ?? "" }
        }
        parser.onBody = { buffer in
            if form.part == fileField {
                form.file.writeBuffer(&buffer)
            } else {
                form.text.writeBuffer(&buffer)
                if form.text.readableBytes > maxField { form.failure = Abort(.payloadTooLarge) }
            }
        }
        parser.onPartComplete = {
            if form.part == fileField { form.fileComplete = true }
            if form.part != fileField { form.fields[form.part] = form.text.readString(length: form.text.readableBytes) ?? "" }
            form.text.clear()
            form.part = ""
        }
        let path = try await spool(req, maxSize: maxSize) { chunk, file in
            try parser.execute(chunk)
            if let failure = form.failure { throw failure }
            // What the parser took of the file's part so far goes to disk at once.
            try file.write(contentsOf: form.file.readableBytesView)
            form.file.clear()
        } finish: {
            // A body cut short (its closing boundary missing) would otherwise pass for a shorter file.
            guard form.filename != nil, form.fileComplete else { throw Abort(.badRequest, reason: "the form has no complete \(fileField)") }
        }
        return SpooledUpload(path: path, filename: form.filename ?? "", fields: form.fields)
    }

    /// Reads the body to its end into a new temporary file through `consume`, refusing more than `maxSize` bytes; its
    /// path. When anything fails, the file is removed.
    private static func spool(_ req: Request, maxSize: ByteCount, _ consume: (ByteBuffer, FileHandle) throws -> Void,
                              finish: () throws -> Void) async throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("eduvn-upload-\(UUID().uuidString)").path
        FileManager.default.createFile(atPath: path, contents: nil)
        do {
            let file = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            defer { try? file.close() }
            var total = 0
            for try await chunk in req.body {
                total += chunk.readableBytes
                guard total <= maxSize.value else { throw Abort(.payloadTooLarge) }
                try consume(chunk, file)
            }
            try finish()
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
        return path
    }

    /// What the parser has seen so far; its callbacks run one at a time, on the request's task.
    private final class FormState {
        var part = "", filename: String?, fields: [String: String] = [:], text = ByteBuffer(), file = ByteBuffer()
        var failure: (any Error)?, fileComplete = false
    }

    /// `name="value"` (or `name=value`) from a Content-Disposition header; a quoted value may hold `;`.
    static func parameter(_ name: String, in header: String) -> String? {
        guard let pattern = try? Regex<(Substring, Substring?, Substring?)>(#"(?:^|;)\s*"# + name + #"=(?:"([^"]*)"|([^;]*))"#),
              let match = header.firstMatch(of: pattern.ignoresCase()) else { return nil }
        return String(match.output.1 ?? match.output.2 ?? "").trimmingCharacters(in: .whitespaces)
    }
}
