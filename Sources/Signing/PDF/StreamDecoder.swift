import EduCore

/// Decodes the streams the reader needs to look inside: cross-reference and object streams. Those use
/// FlateDecode, often with a PNG predictor (ISO 32000-1 §7.4.4); other filters are not needed to find
/// the document's structure, so they are refused.
enum StreamDecoder {
    /// Far above any cross-reference or object stream of a real document.
    static let maximumDecodedSize = 64 << 20

    static func decode(_ stream: PDFStream) throws(EduError) -> [UInt8] {
        let filters: [PDFObject] = switch stream.dictionary["Filter"] {
        case nil: []
        case .name(let name)?: [.name(name)]
        case .array(let names)?: names
        default: throw .malformedPDF
        }
        switch filters {
        case []:
            return stream.data
        case [.name("FlateDecode")]:
            let parameters: PDFDictionary? = switch stream.dictionary["DecodeParms"] {
            case nil: nil
            case .dictionary(let parameters)?: parameters
            case .array(let list)? where list.count == 1: list[0].dictionary
            default: throw .malformedPDF
            }
            let inflated = try Flate.inflate(stream.data, limit: maximumDecodedSize)
            guard let parameters, let predictor = try PNGPredictor(parameters) else { return inflated }
            return try predictor.undo(inflated)
        default:
            throw .unsupportedPDF
        }
    }
}

/// PNG row filters applied before compression (ISO 32000-1 §7.4.4.4, RFC 2083 §6): each row starts with
/// its filter type, and is rebuilt from the row above and the bytes to its left.
struct PNGPredictor {
    private let bytesPerPixel: Int
    private let rowLength: Int

    /// Nil when the parameters ask for no prediction; throws for the TIFF predictor or impossible values.
    init?(_ parameters: PDFDictionary) throws(EduError) {
        let predictor = parameters["Predictor"]?.integer ?? 1
        if predictor == 1 { return nil }
        guard (10...15).contains(predictor) else { throw .unsupportedPDF }
        let colors = parameters["Colors"]?.integer ?? 1
        let bits = parameters["BitsPerComponent"]?.integer ?? 8
        let columns = parameters["Columns"]?.integer ?? 1
        guard (1...32).contains(colors), [1, 2, 4, 8, 16].contains(bits), (1...(1 << 20)).contains(columns) else {
            throw .malformedPDF
        }
        bytesPerPixel = max(1, (colors * bits + 7) / 8)
        rowLength = (columns * colors * bits + 7) / 8
    }

    func undo(_ data: [UInt8]) throws(EduError) -> [UInt8] {
        guard data.count % (rowLength + 1) == 0 else { throw .malformedPDF }
        var output: [UInt8] = []
        output.reserveCapacity(data.count / (rowLength + 1) * rowLength)
        var previous = [UInt8](repeating: 0, count: rowLength)
        var start = 0
        while start < data.count {
            let filter = data[start]
            var row = Array(data[start + 1 ... start + rowLength])
            for index in 0..<rowLength {
                let left = index >= bytesPerPixel ? row[index - bytesPerPixel] : 0
                let above = previous[index]
                let aboveLeft = index >= bytesPerPixel ? previous[index - bytesPerPixel] : 0
                switch filter {
                case 0: break
                case 1: row[index] &+= left
                case 2: row[index] &+= above
                case 3: row[index] &+= UInt8((Int(left) + Int(above)) / 2)
                case 4: row[index] &+= Self.paeth(left, above, aboveLeft)
                default: throw .malformedPDF
                }
            }
            output += row
            previous = row
            start += rowLength + 1
        }
        return output
    }

    private static func paeth(_ left: UInt8, _ above: UInt8, _ aboveLeft: UInt8) -> UInt8 {
        let estimate = Int(left) + Int(above) - Int(aboveLeft)
        let (toLeft, toAbove, toAboveLeft) = (abs(estimate - Int(left)), abs(estimate - Int(above)), abs(estimate - Int(aboveLeft)))
        if toLeft <= toAbove, toLeft <= toAboveLeft { return left }
        return toAbove <= toAboveLeft ? above : aboveLeft
    }
}
