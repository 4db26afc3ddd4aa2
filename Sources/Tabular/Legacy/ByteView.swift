import Foundation

/// Legacy Vietnamese text as it reaches us: the bytes of a legacy font's encoding shown as Windows-1252 characters (what
/// Excel shows for a CSV file, and what an XLSX file typed with a .VnTime or VNI font holds). The mapping is one to one,
/// so the original bytes can be recovered from the characters.
enum ByteView {
    /// Windows-1252's characters for 0x80–0x9F; its five unassigned bytes stand for themselves (as in Latin-1).
    private static let high: [Unicode.Scalar] = [
        "\u{20AC}", "\u{81}", "\u{201A}", "\u{192}", "\u{201E}", "\u{2026}", "\u{2020}", "\u{2021}",
        "\u{2C6}", "\u{2030}", "\u{160}", "\u{2039}", "\u{152}", "\u{8D}", "\u{17D}", "\u{8F}",
        "\u{90}", "\u{2018}", "\u{2019}", "\u{201C}", "\u{201D}", "\u{2022}", "\u{2013}", "\u{2014}",
        "\u{2DC}", "\u{2122}", "\u{161}", "\u{203A}", "\u{153}", "\u{9D}", "\u{17E}", "\u{178}",
    ]
    private static let byteOfHigh = Dictionary(uniqueKeysWithValues: high.enumerated().map { ($0.element, UInt8(0x80 + $0.offset)) })

    static func text(_ bytes: some Sequence<UInt8>) -> String {
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            scalars.append((0x80...0x9F).contains(byte) ? high[Int(byte - 0x80)] : Unicode.Scalar(byte))
        }
        return String(scalars)
    }

    /// The bytes behind `text`, or nil when it holds a character no single byte stands for (it is Unicode text).
    static func bytes(_ text: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            if let byte = byteOfHigh[scalar] {
                bytes.append(byte)
            } else if scalar.value <= 0xFF, !(0x80...0x9F).contains(scalar.value) {
                bytes.append(UInt8(scalar.value))
            } else {
                return nil
            }
        }
        return bytes
    }

    /// Writes the file's bytes as this text, in UTF-8, to `url`, and returns its path. Streams: memory stays flat.
    static func writeUTF8Copy(of path: String, to url: URL) throws -> String {
        guard let input = FileHandle(forReadingAtPath: path) else { throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path]) }
        defer { try? input.close() }
        let output = try BufferedFile(creating: url)
        while let chunk = try input.read(upToCount: 64 * 1024), !chunk.isEmpty {
            try output.append(text(chunk))
        }
        try output.close()
        return url.path
    }
}
