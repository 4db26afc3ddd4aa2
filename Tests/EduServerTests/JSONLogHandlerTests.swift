import EduServer
import Foundation
import Logging
import Synchronization
import Testing

@Suite struct JSONLogHandlerTests {
    /// A line per event, as JSON, with long digit runs (personal IDs, phone numbers) masked in the message and metadata.
    @Test func writesOneMaskedJSONObjectPerLine() throws {
        let written = Mutex<[String]>([])
        var logger = Logger(label: "test") { JSONLogHandler(label: $0, level: .info) { line in written.withLock { $0.append(line) } } }
        logger[metadataKey: "job"] = "42"
        logger.debug("below the level")
        logger.info("sent to 0912345678", metadata: ["id": "031217000001", "nested": ["x": .array(["CCCD 031217000001"])]])
        let lines = written.withLock { $0 }
        #expect(lines.count == 1 && lines[0].hasSuffix("}\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(object["level"] as? String == "info" && object["label"] as? String == "test")
        #expect(object["message"] as? String == "sent to **********")
        let metadata = try #require(object["metadata"] as? [String: Any])
        #expect(metadata["job"] as? String == "42" && metadata["id"] as? String == "************")
        #expect((metadata["nested"] as? [String: [String]])?["x"] == ["CCCD ************"])
    }
}
