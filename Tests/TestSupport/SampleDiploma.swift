import Foundation

/// The THPT diploma template of the documents' tests and the DEMO values it is filled with
/// (`Tests/DocumentsTests/Templates/bang-tot-nghiep-thpt*.json`), for the tests of other modules that need a
/// rendered document.
public enum SampleDiploma {
    public static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("DocumentsTests/Templates")
    public static let template = folder.appendingPathComponent("bang-tot-nghiep-thpt.json")
    /// One JSON object of field name to text, as `eduvn document render` takes it.
    public static let fields = folder.appendingPathComponent("bang-tot-nghiep-thpt.sample.json")
}
