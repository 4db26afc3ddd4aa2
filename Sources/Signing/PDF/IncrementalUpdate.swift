/// Bytes appended to a PDF (ISO 32000-1 §7.5.6): new and changed objects, then a cross-reference section
/// of the kind the file already uses, whose `/Prev` points at the one before. The earlier bytes are never
/// touched, so the signatures over them stay valid.
struct IncrementalUpdate {
    private(set) var bytes: [UInt8]
    private var written: [Int: Entry] = [:]
    private var nextNumber: Int
    private let previous: (startxref: Int, trailer: PDFDictionary, usesStreams: Bool)

    init(appendingTo original: [UInt8], file: PDFFile) {
        bytes = original
        // The update starts on a line of its own even when the file ends right after %%EOF.
        if let last = bytes.last, last != 0x0A, last != 0x0D { bytes.append(0x0A) }
        nextNumber = file.nextObjectNumber
        previous = (file.startxref, file.trailer, file.usesCrossReferenceStreams)
    }

    /// A number no object of the file uses yet.
    mutating func newReference() -> PDFReference {
        defer { nextNumber += 1 }
        return PDFReference(number: nextNumber, generation: 0)
    }

    /// Writes `n g obj … endobj`, a new object or a new version of one; answers where its bytes start.
    @discardableResult
    mutating func write(_ object: PDFObject, as reference: PDFReference) -> Int {
        let start = bytes.count
        written[reference.number] = Entry(number: reference.number, generation: reference.generation, offset: start)
        bytes += Array("\(reference.number) \(reference.generation) obj\n".utf8)
        object.write(into: &bytes)
        bytes += Array("\nendobj\n".utf8)
        return start
    }

    /// The cross-reference section and trailer; nothing may be written after it.
    mutating func finish() {
        if previous.usesStreams {
            finishWithStream()
        } else {
            finishWithTable()
        }
    }

    /// An update's trailer repeats the document's identity (§7.5.6) and points back at the previous section.
    private var trailer: PDFDictionary {
        var trailer = PDFDictionary()
        for key in ["Root", "Info", "ID"] { trailer[key] = previous.trailer[key] }
        trailer["Prev"] = .integer(previous.startxref)
        return trailer
    }

    private mutating func finishWithTable() {
        let start = bytes.count
        bytes += Array("xref\n".utf8)
        for subsection in subsections {
            bytes += Array("\(subsection[0].number) \(subsection.count)\n".utf8)
            for entry in subsection {
                // Each entry is exactly 20 bytes, ending in CR LF (§7.5.4).
                bytes += Array("\(Self.padded(entry.offset, to: 10)) \(Self.padded(entry.generation, to: 5)) n\r\n".utf8)
            }
        }
        var trailer = trailer
        trailer["Size"] = .integer(nextNumber)
        bytes += Array("trailer\n".utf8)
        trailer.write(into: &bytes)
        bytes += Array("\nstartxref\n\(start)\n%%EOF\n".utf8)
    }

    /// A cross-reference stream that lists itself; left unfiltered, which every reader accepts (§7.5.8).
    private mutating func finishWithStream() {
        let reference = newReference()
        let start = bytes.count
        written[reference.number] = Entry(number: reference.number, generation: 0, offset: start)
        let offsetWidth = max(1, (Int.bitWidth - start.leadingZeroBitCount + 7) / 8)
        var rows: [UInt8] = []
        var index: [PDFObject] = []
        for subsection in subsections {
            index += [.integer(subsection[0].number), .integer(subsection.count)]
            for entry in subsection {
                rows += [1] + Self.bigEndian(entry.offset, width: offsetWidth) + Self.bigEndian(entry.generation, width: 2)
            }
        }
        var dictionary = trailer
        dictionary["Type"] = .name("XRef")
        dictionary["Size"] = .integer(nextNumber)
        dictionary["W"] = .array([.integer(1), .integer(offsetWidth), .integer(2)])
        dictionary["Index"] = .array(index)
        write(.stream(PDFStream(dictionary: dictionary, data: rows)), as: reference)
        bytes += Array("startxref\n\(start)\n%%EOF\n".utf8)
    }

    private struct Entry {
        let number: Int
        let generation: Int
        let offset: Int
    }

    /// The objects written, grouped into runs of consecutive numbers: the subsections of a cross-reference section.
    private var subsections: [[Entry]] {
        var runs: [[Entry]] = []
        for entry in written.values.sorted(by: { $0.number < $1.number }) {
            if let last = runs.last?.last, last.number + 1 == entry.number {
                runs[runs.count - 1].append(entry)
            } else {
                runs.append([entry])
            }
        }
        return runs
    }

    private static func padded(_ value: Int, to width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    private static func bigEndian(_ value: Int, width: Int) -> [UInt8] {
        (0..<width).reversed().map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
    }
}
