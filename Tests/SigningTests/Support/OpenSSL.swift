import Foundation
import Signing
import X509

/// The `openssl` command line in a scratch folder: an implementation independent of ours that our
/// output must satisfy.
struct OpenSSL {
    struct Run {
        let status: Int32
        /// Standard output and standard error together.
        let output: String
    }

    static let executable = URL(fileURLWithPath: "/usr/bin/openssl")
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("signing-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// Writes a file into the scratch folder and returns its path.
    @discardableResult
    func write(_ bytes: [UInt8], to name: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    @discardableResult
    func write(_ text: String, to name: String) throws -> String {
        try write(Array(text.utf8), to: name)
    }

    @discardableResult
    func write(certificates: [Certificate], to name: String) throws -> String {
        try write(CertificateFile.pem(certificates), to: name)
    }

    func read(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: folder.appendingPathComponent(name)))
    }

    func run(_ arguments: String...) throws -> Run {
        try Self.run(Self.executable, arguments, in: folder)
    }

    /// Runs a program in `folder` and collects its status and its output (standard output and error together).
    static func run(_ executable: URL, _ arguments: [String], in folder: URL) throws -> Run {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        // Read before waiting: a full pipe would otherwise block the child and this test together.
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self))
    }

    func removeFolder() {
        try? FileManager.default.removeItem(at: folder)
    }
}
