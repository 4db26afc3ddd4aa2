import Foundation

/// Runs the built `eduvn` executable against a database of its own in a temporary folder.
struct CLIProcess {
    let directory: URL
    var environment: [String: String]

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Tests run from the package; the executable sits beside the test bundle in the build folder.
    static var executable: URL {
        packageRoot.appendingPathComponent(".build/debug/eduvn")
    }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("eduvn-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        environment = ProcessInfo.processInfo.environment
        environment["EDUVN_DATABASE_URL"] = "sqlite:\(directory.path)/eduvn.sqlite"
        environment["EDUVN_DATA_KEY"] = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
    }

    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
        var lastLine: String { stdout.split(separator: "\n").last.map(String.init) ?? "" }
    }

    /// Starts the command with its output going to files (pipes could fill up and stall it).
    /// `stdin`: text the command reads from standard input (a passphrase, a PIN).
    func start(_ arguments: [String], stdin: String? = nil) throws -> (Process, stdout: URL, stderr: URL) {
        try start(Self.executable, arguments, stdin: stdin)
    }

    /// Runs another program (openssl, softhsm2-util…) the same way, in the same folder and environment: its status.
    func tool(_ executable: String, _ arguments: [String]) throws -> Int32 {
        let (process, _, _) = try start(URL(fileURLWithPath: executable), arguments, stdin: nil)
        process.waitUntilExit()
        return process.terminationStatus
    }

    private func start(_ executable: URL, _ arguments: [String], stdin: String?) throws -> (Process, stdout: URL, stderr: URL) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = directory
        let id = UUID().uuidString
        let out = directory.appendingPathComponent("\(id).out"), err = directory.appendingPathComponent("\(id).err")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        if let stdin {
            let input = directory.appendingPathComponent("\(id).in")
            try stdin.write(to: input, atomically: true, encoding: .utf8)
            process.standardInput = try FileHandle(forReadingFrom: input)
        }
        try process.run()
        return (process, out, err)
    }

    @discardableResult
    func run(_ arguments: [String], stdin: String? = nil) throws -> Result {
        let (process, out, err) = try start(arguments, stdin: stdin)
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: try String(contentsOf: out, encoding: .utf8),
                      stderr: try String(contentsOf: err, encoding: .utf8))
    }

    func write(_ name: String, _ text: String) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
