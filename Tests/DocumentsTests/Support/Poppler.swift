import Documents
import Foundation

/// Poppler's command-line tools (Debian `poppler-utils`) reading one rendered PDF: a reader
/// independent of the library that wrote it.
///
/// Set `DOCUMENTS_KEEP_PDFS` to a folder to keep every PDF the tests render there, to look at.
final class Poppler {
    struct ToolMissing: Error, CustomStringConvertible {
        let tool: String
        var description: String { "\(tool) is not installed: install poppler-utils (scripts/install-deps)" }
    }

    /// A word that pdftotext found, with its box in points from the page's top left.
    struct Word {
        let text: String
        let left, top, right, bottom: Double
    }

    /// An 8-bit grey image of a page.
    struct GreyImage {
        let width: Int
        let height: Int
        let pixels: [UInt8]

        subscript(x: Int, y: Int) -> UInt8 { pixels[y * width + x] }
    }

    let file: URL
    private let folder: URL

    convenience init(_ pdf: RenderedPDF, name: String) throws {
        try self.init(bytes: pdf.bytes, name: name)
    }

    init(bytes: [UInt8], name: String) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("documents-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        file = folder.appendingPathComponent("\(name).pdf")
        try Data(bytes).write(to: file)
        if let keep = ProcessInfo.processInfo.environment["DOCUMENTS_KEEP_PDFS"] {
            try? FileManager.default.createDirectory(atPath: keep, withIntermediateDirectories: true)
            try? Data(bytes).write(to: URL(fileURLWithPath: keep).appendingPathComponent("\(name).pdf"))
        }
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }

    /// The text in reading order, of one page or of all: NFC, every run of white space made one space
    /// (where lines break is the layout's business, not the text's).
    func text(page: Int? = nil) throws -> String {
        let pages = page.map { ["-f", "\($0)", "-l", "\($0)"] } ?? []
        return try String(decoding: run("pdftotext", pages + ["-enc", "UTF-8", file.path, "-"]), as: UTF8.self).nfcForTests
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// `pdffonts` rows: name, type, encoding, emb, sub, uni, object, generation.
    func fonts() throws -> [[String]] {
        let lines = String(decoding: try run("pdffonts", [file.path]), as: UTF8.self).split(separator: "\n")
        return lines.dropFirst(2).map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
    }

    /// `pdfinfo` as key → value.
    func info() throws -> [String: String] {
        var info: [String: String] = [:]
        for line in String(decoding: try run("pdfinfo", [file.path]), as: UTF8.self).split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            info[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return info
    }

    /// The words of each page (index 0 is page 1), from `pdftotext -bbox`.
    func words() throws -> [[Word]] {
        let html = String(decoding: try run("pdftotext", ["-bbox", "-enc", "UTF-8", file.path, "-"]), as: UTF8.self)
        let word = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/
        return html.components(separatedBy: "<page ").dropFirst().map { page in
            page.matches(of: word).map { match in
                Word(text: String(match.5), left: Double(match.1)!, top: Double(match.2)!, right: Double(match.3)!, bottom: Double(match.4)!)
            }
        }
    }

    /// One page rasterised as PNG by `pdftoppm`, for a reader of images such as zbar.
    func png(page: Int, dpi: Int) throws -> URL {
        let prefix = file.deletingPathExtension().path + "-png"
        _ = try run("pdftoppm", ["-png", "-r", "\(dpi)", "-f", "\(page)", "-l", "\(page)", "-singlefile", file.path, prefix])
        return URL(fileURLWithPath: prefix + ".png")
    }

    /// One page rasterised in grey by `pdftoppm` (a PGM, simple enough to read here).
    func greyImage(page: Int, dpi: Int) throws -> GreyImage {
        let prefix = file.deletingPathExtension().path + "-raster"
        _ = try run("pdftoppm", ["-gray", "-r", "\(dpi)", "-f", "\(page)", "-l", "\(page)", "-singlefile", file.path, prefix])
        let pgm = Array(try Data(contentsOf: URL(fileURLWithPath: prefix + ".pgm")))
        // Header: "P5", width, height, maximum value, each followed by one white-space byte.
        var fields: [String] = []
        var index = 0
        while fields.count < 4 {
            var token = ""
            while !isWhiteSpace(pgm[index]) { token.append(Character(UnicodeScalar(pgm[index]))); index += 1 }
            if !token.isEmpty { fields.append(token) }
            index += 1
        }
        guard fields[0] == "P5", fields[3] == "255", let width = Int(fields[1]), let height = Int(fields[2]) else {
            throw CocoaError(.fileReadCorruptFile)
        }
        return GreyImage(width: width, height: height, pixels: Array(pgm[index..<(index + width * height)]))
    }

    private func isWhiteSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    private func run(_ tool: String, _ arguments: [String]) throws -> Data {
        let executable = URL(fileURLWithPath: "/usr/bin/\(tool)")
        guard FileManager.default.isExecutableFile(atPath: executable.path) else { throw ToolMissing(tool: tool) }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "\(tool) \(arguments) exited \(process.terminationStatus)"])
        }
        return data
    }
}

extension String {
    /// NFC by Foundation, independently of EduCore's `nfc`, for comparing what a reader extracted.
    var nfcForTests: String { precomposedStringWithCanonicalMapping }

    /// The text with all white space removed: line breaks fall where the layout put them.
    var withoutWhiteSpace: String { String(unicodeScalars.filter { !$0.properties.isWhitespace }.map(Character.init)) }
}
