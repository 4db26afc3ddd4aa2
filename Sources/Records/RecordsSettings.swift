import EduCore

/// What a province sets where the domain notes are unverified (docs/records.md): `EDUVN_REGIME_FROM`, the first
/// school year of TT22/TT27 by grade (`6:2021,7:2022,…`), and `EDUVN_HOC_BA_TEMPLATES`, a folder whose
/// `hoc-ba-tt22.json` or `hoc-ba-tt27.json` replace the layouts shipped with EduVN.
public struct RecordsSettings: Sendable, Hashable {
    public let schedule: RegimeSchedule
    public let templateDirectory: String?

    public init(schedule: RegimeSchedule = .standard, templateDirectory: String? = nil) {
        self.schedule = schedule
        self.templateDirectory = templateDirectory
    }

    public init(environment: [String: String]) throws {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        self.init(schedule: try value("EDUVN_REGIME_FROM").map(RegimeSchedule.init(parsing:)) ?? .standard,
                  templateDirectory: value("EDUVN_HOC_BA_TEMPLATES"))
    }
}
