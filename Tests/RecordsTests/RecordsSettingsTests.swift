import EduCore
import Foundation
import Records
import Testing

/// The province's settings where the domain notes are unverified: the rule sets' roll-out and the học bạ layouts.
@Suite struct RecordsSettingsTests {
    @Test func theEnvironmentSetsTheRollOut() throws {
        let unset = try RecordsSettings(environment: [:])
        #expect(unset.schedule == .standard && unset.templateDirectory == nil)
        let later = try RecordsSettings(environment: ["EDUVN_REGIME_FROM": "9:2025", "EDUVN_HOC_BA_TEMPLATES": "/srv/mau"])
        #expect(later.schedule.regime(schoolYear: "2024-2025", grade: 9) == .tt58)
        #expect(later.schedule.regime(schoolYear: "2024-2025", grade: 12) == .tt22)
        #expect(later.templateDirectory == "/srv/mau")
        let refused = #expect(throws: EduError.self) { try RecordsSettings(environment: ["EDUVN_REGIME_FROM": "9-2025"]) }
        #expect(refused?.code == "regime.schedule")
    }

    /// TT22's unverified rules, set once for the server and every command: the gradebooks (and so the family's view, the
    /// API's year results and the học bạ) follow them.
    @Test func theEnvironmentSetsTheUnverifiedRules() throws {
        let unset = try RecordsSettings(environment: [:])
        #expect(unset.rules == TT22Rules())
        let strict = try RecordsSettings(environment: ["EDUVN_TT22_COMMENT_YEAR": "both-semesters", "EDUVN_TT22_RETEST_AFTER_TRAINING": "FALSE"])
        #expect(strict.rules.commentYear == .bothSemesters && !strict.rules.retestAfterTraining)
        #expect(strict.rules.yearResult(first: .comment(.chuaDat), second: .comment(.dat)) == .comment(.chuaDat))
        #expect(unset.rules.yearResult(first: .comment(.chuaDat), second: .comment(.dat)) == .comment(.dat))
        for (name, value) in [("EDUVN_TT22_COMMENT_YEAR", "hk2"), ("EDUVN_TT22_RETEST_AFTER_TRAINING", "có")] {
            let refused = #expect(throws: EduError.self) { try RecordsSettings(environment: [name: value]) }
            #expect(refused?.code == "records.settings" && refused?.message.en.contains(name) == true)
        }
    }

    /// A layout in the province's folder replaces the shipped one of its rule set; the other stays shipped; a layout
    /// that does not read names its file.
    @Test func aProvinceLayoutReplacesTheShippedOne() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hoc-ba-mau-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let shipped = try HocBa.template(.tt22)
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/Records/Resources/hoc-ba-tt22.json")
        let text = try String(contentsOf: source, encoding: .utf8)
        try #require(text.contains("\"title\": \"Học bạ – "))
        try Data(text.replacingOccurrences(of: "\"title\": \"Học bạ – ", with: "\"title\": \"Học bạ (mẫu của Sở) – ").utf8)
            .write(to: folder.appendingPathComponent("hoc-ba-tt22.json"))

        let own = try HocBa.template(.tt22, directory: folder.path)
        #expect(own != shipped)
        #expect(own.blocks == shipped.blocks)
        #expect(try HocBa.template(.tt27, directory: folder.path) == HocBa.template(.tt27))

        // A layout without the seal's slot would fail only after two people had signed: refused when read.
        try Data(text.replacingOccurrences(of: "\"role\": \"seal\"", with: "\"role\": \"stamp\"").utf8)
            .write(to: folder.appendingPathComponent("hoc-ba-tt22.json"))
        let sealless = #expect(throws: EduError.self) { try HocBa.template(.tt22, directory: folder.path) }
        #expect(sealless?.message.en.contains("lacks \"seal\"") == true, "\(String(describing: sealless))")
        let nowhere = #expect(throws: EduError.self) { try HocBa.template(.tt22, directory: folder.path + "-typo") }
        #expect(nowhere?.message.en.contains("does not exist") == true)

        try Data("{\"title\": 1}".utf8).write(to: folder.appendingPathComponent("hoc-ba-tt27.json"))
        let broken = #expect(throws: EduError.self) { try HocBa.template(.tt27, directory: folder.path) }
        #expect(broken?.code == "hoc_ba.template")
        #expect(broken?.message.en.contains("hoc-ba-tt27.json") == true)
    }
}
