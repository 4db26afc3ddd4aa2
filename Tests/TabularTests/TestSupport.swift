import EduCore
import Foundation
import Testing
import Tabular

/// A private folder for one test's files, removed when the test is done with it.
final class Scratch {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("tabular-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }

    func path(_ name: String) -> String {
        folder.appendingPathComponent(name).path
    }

    @discardableResult
    func write(_ name: String, _ bytes: Data) throws -> String {
        try bytes.write(to: URL(fileURLWithPath: path(name)))
        return path(name)
    }

    @discardableResult
    func write(_ name: String, text: String) throws -> String {
        try write(name, Data(text.utf8))
    }
}

func fixture(_ name: String) throws -> String {
    let url = URL(fileURLWithPath: name)
    let found = Bundle.module.url(forResource: url.deletingPathExtension().lastPathComponent,
                                  withExtension: url.pathExtension, subdirectory: "Fixtures")
    return try #require(found).path
}

func records(of file: TableFile) throws -> [TableRecord] {
    var all = [TableRecord]()
    try file.forEachRecord { all.append($0) }
    return all
}

func records(atPath path: String) throws -> [TableRecord] {
    try records(of: TableFile.open(path: path))
}

/// Expects `body` to throw an `EduError` with `code`, with both messages present and in NFC; returns it for more checks.
@discardableResult
func expectError(_ code: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) -> EduError? {
    let error = #expect(throws: EduError.self, sourceLocation: sourceLocation) { try body() }
    #expect(error?.code == code, sourceLocation: sourceLocation)
    if let message = error?.message {
        #expect(!message.vi.isEmpty && !message.en.isEmpty, sourceLocation: sourceLocation)
        #expect(isNFC(message.vi), "Vietnamese message must be NFC", sourceLocation: sourceLocation)
    }
    return error
}

/// Swift compares strings by canonical equivalence, so NFC is checked on the scalars themselves.
func isNFC(_ text: String) -> Bool {
    Array(text.unicodeScalars) == Array(text.precomposedStringWithCanonicalMapping.unicodeScalars)
}
