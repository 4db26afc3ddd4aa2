import EduCore
import SQLKit

/// What a province sets where the domain notes are unverified (docs/records.md): `EDUVN_REGIME_FROM`, the first
/// school year of TT22/TT27 by grade (`6:2021,7:2022,…`); `EDUVN_HOC_BA_TEMPLATES`, a folder whose
/// `hoc-ba-tt22.json` or `hoc-ba-tt27.json` replace the layouts shipped with EduVN; and TT22's unverified rules:
/// `EDUVN_TT22_COMMENT_YEAR` (`second-semester` or `both-semesters`) and `EDUVN_TT22_RETEST_AFTER_TRAINING`
/// (`true` or `false`).
public struct RecordsSettings: Sendable, Hashable {
    public let schedule: RegimeSchedule
    public let templateDirectory: String?
    public let rules: TT22Rules

    public init(schedule: RegimeSchedule = .standard, templateDirectory: String? = nil, rules: TT22Rules = TT22Rules()) {
        self.schedule = schedule
        self.templateDirectory = templateDirectory
        self.rules = rules
    }

    public init(environment: [String: String]) throws {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        var rules = TT22Rules()
        if let text = value("EDUVN_TT22_COMMENT_YEAR") {
            guard let rule = TT22Rules.CommentYearRule(rawValue: text) else {
                throw Self.refused("EDUVN_TT22_COMMENT_YEAR", text, expected: TT22Rules.CommentYearRule.allCases.map(\.rawValue))
            }
            rules.commentYear = rule
        }
        if let text = value("EDUVN_TT22_RETEST_AFTER_TRAINING") {
            guard let flag = Bool(text.lowercased()) else { throw Self.refused("EDUVN_TT22_RETEST_AFTER_TRAINING", text, expected: ["true", "false"]) }
            rules.retestAfterTraining = flag
        }
        self.init(schedule: try value("EDUVN_REGIME_FROM").map(RegimeSchedule.init(parsing:)) ?? .standard,
                  templateDirectory: value("EDUVN_HOC_BA_TEMPLATES"), rules: rules)
    }

    /// The gradebooks under these rules and this schedule.
    public func gradebooks(_ database: any SQLDatabase) -> GradebookStore {
        GradebookStore(database, rules: rules, schedule: schedule)
    }

    private static func refused(_ name: String, _ value: String, expected: [String]) -> EduError {
        EduError("records.settings", vi: "\(name) là \(expected.joined(separator: " hoặc ")), không phải \"\(value)\"",
                 en: "\(name) is \(expected.joined(separator: " or ")), not \"\(value)\"")
    }
}
