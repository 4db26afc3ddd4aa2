import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Streams one XML part through Foundation's `XMLParser` and hands element events to closures.
/// `XMLParser(stream:)` feeds libxml2's push parser 128 KiB at a time (swift-corelibs-foundation
/// `parseFromStream`), so memory stays flat however large the part is.
final class XMLEvents: NSObject, XMLParserDelegate {
    /// Element names arrive without namespace prefixes (`x:row` and `row` are the same).
    var didStart: (_ name: String, _ attributes: [String: String]) throws -> Void = { _, _ in }
    var didEnd: (_ name: String) throws -> Void = { _ in }

    private var collecting = false
    private var text = ""
    private var failure: Error?
    private var stream: InputStream?

    /// Starts collecting character data, e.g. at `<v>`; `takeText()` ends it.
    func collectText() {
        collecting = true
        text = ""
    }

    func takeText() -> String {
        collecting = false
        return text
    }

    /// Bytes of the part consumed so far.
    var consumedBytes: Int64 { stream?.fileOffset ?? 0 }

    /// Parses the part at `url`. An error thrown by a closure is rethrown as is;
    /// invalid XML (including a truncated part) throws `malformed()`.
    func parse(_ url: URL, malformed: () -> Error) throws {
        guard let stream = InputStream(url: url) else { throw malformed() }
        self.stream = stream
        defer { self.stream = nil }
        let parser = XMLParser(stream: stream)
        parser.shouldProcessNamespaces = true
        parser.delegate = self
        let succeeded = parser.parse()
        if let failure { throw failure }
        // parse() can report success for a truncated document; parserError still says so.
        guard succeeded, parser.parserError == nil else { throw malformed() }
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String]) {
        guard failure == nil else { return }
        do { try didStart(elementName, attributeDict) } catch { stop(parser, error) }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        guard failure == nil else { return }
        do { try didEnd(elementName) } catch { stop(parser, error) }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if collecting { text += string }
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        if collecting { text += String(decoding: CDATABlock, as: UTF8.self) }
    }

    private func stop(_ parser: XMLParser, _ error: Error) {
        failure = error
        parser.abortParsing()
    }
}
