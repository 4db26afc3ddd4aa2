import Access
import EduCore
import Quality
import SQLKit
import Storage

/// Asks the population register about a campaign's residences still waiting. One the register confirms — the child's
/// identity agrees and the register has them living in the stated commune and locality — is verified; any other answer
/// is written beside the application for the officer who decides (the officers' queue), and the family is told once
/// that papers may be asked for. The register is asked outside any transaction; each batch's answers are written in
/// one, only to applications still waiting (an officer may have decided meanwhile). A register that fails throws what
/// it failed with; the batches already answered stay written.
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

    public init(database: EduDatabase, cipher: PersonalDataCipher, register: any PopulationRegister) {
        self.database = database
        self.cipher = cipher
        self.register = register
    }

    public func run(campaignID: Int, by actor: Actor) async throws -> Tally {
        let waiting = try await AdmissionsStore(database.sql, cipher: cipher).waitingResidences(campaignID: campaignID)
        var tally = Tally()
        for batch in waiting.chunked(into: max(1, register.batchLimit)) {
            let verdicts = try await register.verify(batch.map(\.query))
            guard verdicts.count == batch.count else { throw RegisterFailure.malformed("\(verdicts.count) answers to \(batch.count) questions") }
            let cipher = self.cipher
            let written = try await database.transaction { sql in
                var tally = Tally()
                let store = AdmissionsStore(sql, cipher: cipher)
                for (application, verdict) in zip(batch, verdicts) {
                    let finding = ResidenceFinding(stated: application.residence, verdict: verdict)
                    guard try await store.recordFinding(finding, applicationID: application.id, previousNote: application.note, by: actor) else { continue }
                    if finding.confirms { tally.verified += 1 } else { tally.queued += 1 }
                }
                return tally
            }
            tally.verified += written.verified
            tally.queued += written.queued
        }
        return tally
    }
}

/// What the register's answer says about a stated residence.
struct ResidenceFinding {
    let confirms: Bool
    let note: Bilingual

    init(stated: Residence, verdict: RegisterVerdict) {
        switch (verdict.status, verdict.residence) {
        case (.verified, let registered?) where registered.communeCode == stated.communeCode
                && Residence(communeCode: registered.communeCode, locality: registered.locality).localityKey == stated.localityKey:
            confirms = true
            note = Bilingual(vi: "Khớp CSDL quốc gia về dân cư", en: "Matches the national population register")
        case (.verified, let registered?):
            confirms = false
            let place = [registered.communeCode, registered.locality].filter { !$0.isEmpty }.joined(separator: ", ")
            note = Bilingual(vi: "CSDL dân cư ghi nơi cư trú: \(place)", en: "The population register has the residence as: \(place)")
        case (.verified, nil):
            confirms = false
            note = Bilingual(vi: "CSDL dân cư không có thông tin nơi cư trú", en: "The population register holds no residence")
        case (.mismatch, _):
            confirms = false
            let fields = verdict.register.keys.sorted().joined(separator: ", ")
            note = Bilingual(vi: "Thông tin nhân thân không khớp CSDL dân cư (\(fields))",
                             en: "The child's particulars differ from the population register (\(fields))")
        case (.notFound, _):
            confirms = false
            note = Bilingual(vi: "Số định danh không có trong CSDL dân cư", en: "The personal ID is not in the population register")
        }
    }
}

extension AdmissionsStore {
    struct WaitingResidence: Sendable {
        let id: Int
        let query: RegisterQuery
        let residence: Residence
        let note: String?
    }

    /// The campaign's residences still waiting, as the register is asked about them.
    func waitingResidences(campaignID: Int) async throws -> [WaitingResidence] {
        struct Row: Decodable {
            let id: Int, nationalIdEnc: String, fullName: String, dateOfBirth: String
            let residenceCommune: String, residenceLocality: String, residenceNote: String?
        }
        return try await database.raw("""
            SELECT id, national_id_enc, full_name, date_of_birth, residence_commune, residence_locality, residence_note
            FROM admission_applications WHERE campaign_id = \(bind: campaignID) AND residence_status = \(bind: ResidenceStatus.pending.rawValue)
            ORDER BY id
            """).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase).map { row in
                WaitingResidence(id: row.id, query: RegisterQuery(nationalID: try cipher.open(row.nationalIdEnc), fullName: row.fullName,
                                                                  dateOfBirth: row.dateOfBirth, gender: nil),
                                 residence: Residence(communeCode: row.residenceCommune, locality: row.residenceLocality), note: row.residenceNote)
            }
    }

    /// Writes a finding to an application still waiting; false when an officer decided first. The family hears of a
    /// confirmation, and once of a residence left to an officer.
    func recordFinding(_ finding: ResidenceFinding, applicationID: Int, previousNote: String?, by actor: Actor) async throws -> Bool {
        let note = "\(finding.note.vi) / \(finding.note.en)"
        let status: ResidenceStatus = finding.confirms ? .verified : .pending
        guard try await database.raw("""
            UPDATE admission_applications SET residence_status = \(bind: status.rawValue), residence_note = \(bind: note), updated_at = \(bind: Timestamp.now)
            WHERE id = \(bind: applicationID) AND residence_status = \(bind: ResidenceStatus.pending.rawValue) RETURNING id
            """).first() != nil
        else { return false }
        if finding.confirms || note != previousNote {
            try await audit(finding.confirms ? "verify_residence" : "queue_residence", entity: "admission_application", id: applicationID,
                            after: finding.note.en, by: actor)
        }
        guard finding.confirms || previousNote == nil else { return true }
        try await record(.residence, applicationID: applicationID, finding.confirms
            ? Bilingual(vi: "Nơi cư trú đã được xác minh qua CSDL quốc gia về dân cư.", en: "Residence verified with the national population register.")
            : Bilingual(vi: "Chưa xác minh được nơi cư trú qua CSDL dân cư; cán bộ sẽ xem xét, có thể đề nghị bổ sung giấy tờ.",
                        en: "The residence could not be verified with the population register; an officer will decide and may ask for papers."))
        return true
    }
}
