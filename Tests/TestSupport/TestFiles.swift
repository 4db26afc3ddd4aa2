import Foundation

/// Where tests write their files: one folder per test process, removed when the process exits, so a run leaves nothing
/// in the temporary directory however its tests end.
public enum TestFiles {
    public static let root: URL = {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("eduvn-tests-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: TestFiles.root) }
        return root
    }()

    /// A new, empty folder of the test's own, named after `label` for whoever looks at a run in progress.
    public static func folder(_ label: String) throws -> URL {
        let folder = root.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// A path for one new file, in a folder of its own.
    public static func path(_ name: String) throws -> String {
        try folder("file").appendingPathComponent(name).path
    }
}
