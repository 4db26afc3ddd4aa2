import Access
import EduCore
import Quality
import SQLKit
import Storage

/// Asks the population register about a campaign's residences still waiting. One the register confirms — the child's
/// identity agrees and the register has them living in the stated commune and locality — is verified; any other answer
/// is written beside the application for the officer who decides (the officers' queue), and the family is told once
/// that papers may be asked for. The register is asked outside any transaction; each batch's answers are written in
/// one, only to applications still waiting (an officer may have decided meanwhile). Over the register's rate limit
/// it waits as told; a register that fails otherwise throws what it failed with, and the batches already answered stay
/// written.
public struct ResidenceCheck: Sendable {
    public struct Tally: Sendable, Hashable {
        public var verified = 0
        public var queued = 0

        public init(verified: Int = 0, queued: Int = 0) {
            self.verified = verified
            self.queued = queued
        }
    }

    let database: EduDatabase
    let cipher: PersonalDataCipher
    let register: any PopulationRegister
    /// Told after each batch how many of how many waiting residences were asked about (a job reports it as progress).
    public var progress: @Sendable (_ asked: Int, _ of: Int) async -> Void = { _, _ in }
    /// How the check waits out the register's rate limit (tests shorten it; a job reports progress meanwhile).
    public var sleep: @Sendable (Double) async throws -> Void = { try await Task.sleep(for: .seconds($0)) }

    public init(database: EduDatabase, cipher: PersonalDataCipher, register: any PopulationRegister) {
        self.database = database
        self.cipher = cipher
        self.register = register
    }

    /// Refused once the campaign's results are published. One audit entry records whom the register was asked about.
    public func run(campaignID: Int, by actor: Actor) async throws -> Tally {
        let store = AdmissionsStore(database.sql, cipher: cipher)
        let campaign = try await store.campaign(id: campaignID)
        guard campaign.status != .published else { throw AdmissionsError.status(campaign.status, needed: "not yet published") }
        let waiting = try await store.waitingResidences(campaignID: campaignID)
        guard !waiting.isEmpty else { return Tally() }
        try await store.audit("ask_register", entity: "admission_campaign", id: campaignID, after: "\(waiting.count) residences", by: actor)
        let names = try await store.communeNames(Set(waiting.map(\.residence.communeCode)))
        var tally = Tally(), asked = 0
        for batch in waiting.chunked(into: max(1, register.batchLimit)) {
            let verdicts = try await ask(batch.map(\.query))
            guard verdicts.count == batch.count else { throw RegisterFailure.malformed("\(verdicts.count) answers to \(batch.count) questions") }
            let others = try await store.communeNames(Set(verdicts.compactMap(\.residence?.communeCode)).subtracting(names.keys))
            let cipher = self.cipher
            let written = try await database.transaction { sql in
                var tally = Tally()
                let store = AdmissionsStore(sql, cipher: cipher)
                for (application, verdict) in zip(batch, verdicts) {
                    let finding = ResidenceFinding(stated: application.residence, verdict: verdict) { names[$0] ?? others[$0] ?? $0 }
                    switch try await store.recordFinding(finding, applicationID: application.id, by: actor) {
                    case .verified: tally.verified += 1
                    case .queued: tally.queued += 1
                    case .decidedMeanwhile: break
                    }
                }
                return tally
            }
            tally.verified += written.verified
            tally.queued += written.queued
            asked += batch.count
            await progress(asked, waiting.count)
        }
        return tally
    }

    private func ask(_ queries: [RegisterQuery]) async throws -> [RegisterVerdict] {
        while true {
            do {
                return try await register.verify(queries)
            } catch RegisterFailure.rateLimited(let wait) {
                try await sleep(max(wait, 0.01))
            }
        }
    }
}

/// What the register's answer says about a stated residence.
struct ResidenceFinding {
    let confirms: Bool
    let note: Bilingual

    /// `communeName`: a commune's name by its code, for the officer reading the note.
    init(stated: Residence, verdict: RegisterVerdict, communeName: (String) -> String) {
        switch (verdict.status, verdict.residence) {
        case (.verified, let registered?) where registered.communeCode == stated.communeCode
                && Residence(communeCode: registered.communeCode, locality: registered.locality).localityKey == stated.localityKey:
            confirms = true
            note = Bilingual(vi: "Khớp CSDL quốc gia về dân cư", en: "Matches the national population register")
        case (.verified, let registered?):
            confirms = false
            let place = [registered.locality, communeName(registered.communeCode)].filter { !$0.isEmpty }.joined(separator: ", ")
            note = Bilingual(vi: "CSDL dân cư ghi nơi cư trú: \(place)", en: "The population register has the residence as: \(place)")
        case (.verified, nil):
            confirms = false
            note = Bilingual(vi: "CSDL dân cư không có thông tin nơi cư trú", en: "The population register holds no residence")
        case (.mismatch, _):
            confirms = false
            let fields = verdict.register.keys.sorted().map(Self.field)
            note = Bilingual(vi: "Thông tin nhân thân không khớp CSDL dân cư (\(fields.map(\.vi).joined(separator: ", ")))",
                             en: "The child's particulars differ from the population register (\(fields.map(\.en).joined(separator: ", ")))")
        case (.notFound, _):
            confirms = false
            note = Bilingual(vi: "Số định danh không có trong CSDL dân cư", en: "The personal ID is not in the population register")
        }
    }

    private static func field(_ key: String) -> Bilingual {
        switch key {
        case "full_name": Bilingual(vi: "họ tên", en: "full name")
        case "date_of_birth": Bilingual(vi: "ngày sinh", en: "date of birth")
        case "gender": Bilingual(vi: "giới tính", en: "gender")
        default: Bilingual(vi: key, en: key)
        }
    }
}

extension AdmissionsStore {
    struct WaitingResidence: Sendable {
        let id: Int
        let query: RegisterQuery
        let residence: Residence
    }

    enum FindingOutcome { case verified, queued, decidedMeanwhile }

    /// The campaign's residences still waiting, as the register is asked about them (the gender as the personal ID
    /// encodes it).
    func waitingResidences(campaignID: Int) async throws -> [WaitingResidence] {
        struct Row: Decodable {
            let id: Int, nationalIdEnc: String, fullName: String, dateOfBirth: String
            let residenceCommune: String, residenceLocality: String
        }
        return try await database.raw("""
            SELECT id, national_id_enc, full_name, date_of_birth, residence_commune, residence_locality
            FROM admission_applications WHERE campaign_id = \(bind: campaignID) AND residence_status = \(bind: ResidenceStatus.pending.rawValue)
            ORDER BY id
            """).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase).map { row in
                let nationalID = try cipher.open(row.nationalIdEnc)
                return WaitingResidence(id: row.id, query: RegisterQuery(nationalID: nationalID, fullName: row.fullName, dateOfBirth: row.dateOfBirth,
                                                                         gender: NationalID(nationalID)?.encodedGender.rawValue),
                                        residence: Residence(communeCode: row.residenceCommune, locality: row.residenceLocality))
            }
    }

    /// Writes a finding to an application still waiting. A confirmation verifies it and tells the family; any other
    /// finding is written beside it, audited when it changes, and told to the family the first time only — each step
    /// a conditional update, so two checks at once, or an officer deciding meanwhile, never tell the family twice.
    func recordFinding(_ finding: ResidenceFinding, applicationID: Int, by actor: Actor) async throws -> FindingOutcome {
        let note = "\(finding.note.vi) / \(finding.note.en)"
        let waiting: SQLQueryString = "id = \(bind: applicationID) AND residence_status = \(bind: ResidenceStatus.pending.rawValue)"
        if finding.confirms {
            guard try await database.raw("""
                UPDATE admission_applications SET residence_status = \(bind: ResidenceStatus.verified.rawValue), residence_note = \(bind: note),
                    updated_at = \(bind: Timestamp.now) WHERE \(waiting) RETURNING id
                """).first() != nil
            else { return .decidedMeanwhile }
            try await audit("verify_residence", entity: "admission_application", id: applicationID, after: finding.note.en, by: actor)
            try await record(.residence, applicationID: applicationID, Bilingual(
                vi: "Nơi cư trú đã được xác minh qua CSDL quốc gia về dân cư.", en: "Residence verified with the national population register."))
            return .verified
        }
        let first = try await database.raw("""
            UPDATE admission_applications SET residence_note = \(bind: note), updated_at = \(bind: Timestamp.now)
            WHERE \(waiting) AND residence_note IS NULL RETURNING id
            """).first() != nil
        var changed = first
        if !first {
            changed = try await database.raw("""
                UPDATE admission_applications SET residence_note = \(bind: note), updated_at = \(bind: Timestamp.now)
                WHERE \(waiting) AND residence_note <> \(bind: note) RETURNING id
                """).first() != nil
        }
        if changed {
            try await audit("queue_residence", entity: "admission_application", id: applicationID, after: finding.note.en, by: actor)
        }
        if first {
            try await record(.residence, applicationID: applicationID, Bilingual(
                vi: "Chưa xác minh được nơi cư trú qua CSDL dân cư; cán bộ sẽ xem xét, có thể đề nghị bổ sung giấy tờ.",
                en: "The residence could not be verified with the population register; an officer will decide and may ask for papers."))
        }
        if changed { return .queued }
        let stillWaiting = try await database.raw("SELECT id FROM admission_applications WHERE \(waiting)").first() != nil
        return stillWaiting ? .queued : .decidedMeanwhile
    }

    /// Communes' names by code.
    func communeNames(_ codes: Set<String>) async throws -> [String: String] {
        guard !codes.isEmpty else { return [:] }
        struct Row: Decodable { let code: String; let name: String }
        return Dictionary(try await database.raw("SELECT code, name FROM units WHERE code IN (\(binds: codes.sorted()))")
            .all(decoding: Row.self).map { ($0.code, $0.name) }, uniquingKeysWith: { first, _ in first })
    }
}
