import Access
import EduCore
import SQLKit
import Storage

/// Catchments (tuyến) of a grade 1 or 6 campaign's schools, each change a new version; and the residence an
/// application states, verified by the population register or decided by an officer who saw the papers.
extension AdmissionsStore {
    /// A new version of the school's catchment: `areas` replace the last version's (an empty list: the school has none).
    /// Refused for grade 10, for a school outside the campaign, an area naming no current commune, ward or special
    /// zone, and once the results are published; after an allocation the campaign goes back to closed, to be
    /// allocated again.
    @discardableResult
    public func setCatchment(campaignID: Int, schoolID: Int, areas: [Residence], by actor: Actor) async throws -> Catchment {
        let campaign = try await campaign(id: campaignID, lock: .exclusive)
        guard campaign.usesCatchments else { throw AdmissionsError.catchmentGrade }
        try await unsettle(campaign, by: actor)
        guard try await schoolIDs(campaignID: campaignID).contains(schoolID) else { throw AdmissionsError.schoolNotInCampaign }
        let unique = Dictionary(areas.map { (AreaKey($0), $0) }, uniquingKeysWith: { first, _ in first })
        try await check(areas)
        let version = (try await latestCatchment(campaignID: campaignID, schoolID: schoolID)?.version ?? 0) + 1
        let now = Timestamp.now
        let id = try await database.raw("""
            INSERT INTO admission_catchments (campaign_id, school_id, version, created_by, created_at)
            VALUES (\(bind: campaignID), \(bind: schoolID), \(bind: version), \(bind: actor.name), \(bind: now)) RETURNING id
            """).first(decoding: IDRow.self)!.id
        for area in unique.values.sorted(by: { ($0.communeCode, $0.localityKey) < ($1.communeCode, $1.localityKey) }) {
            try await database.raw("""
                INSERT INTO admission_catchment_areas (catchment_id, commune_code, locality, locality_key)
                VALUES (\(bind: id), \(bind: area.communeCode), \(bind: area.locality), \(bind: area.localityKey))
                """).run()
        }
        try await audit("set_catchment", entity: "admission_campaign", id: campaignID,
                        after: "school \(schoolID) v\(version): \(unique.count) areas", by: actor)
        return try await catchments(campaignID: campaignID, schoolID: schoolID).last!
    }

    /// A new catchment version for every school the rows name, all or nothing: a school not in the campaign or an area
    /// naming no current commune is refused with its row. Schools the file does not name keep their catchment.
    /// Answers how many schools and areas; with `dryRun`, checks and counts only.
    public func importCatchments(_ rows: [CatchmentRow], campaignID: Int, dryRun: Bool, by actor: Actor) async throws -> (schools: Int, areas: Int) {
        let campaign = try await campaign(id: campaignID)
        guard campaign.usesCatchments else { throw AdmissionsError.catchmentGrade }
        struct Row: Decodable { let id: Int; let code: String }
        let schools = Dictionary(uniqueKeysWithValues: try await database.raw("""
            SELECT s.id, s.code FROM admission_schools a JOIN schools s ON s.id = a.school_id WHERE a.campaign_id = \(bind: campaignID)
            """).all(decoding: Row.self).map { ($0.code, $0.id) })
        let unknown = try await unknownCommunes(Set(rows.map(\.area.communeCode)))
        var problems: [RowProblem] = []
        for row in rows {
            if schools[row.schoolCode] == nil {
                problems.append(RowProblem(row: row.row, column: "ma_truong", value: row.schoolCode, vi: "Trường không tham gia đợt tuyển sinh này",
                                           en: "The school does not take part in this campaign"))
            }
            if row.area.locality.count > Residence.localityLimit {
                problems.append(RowProblem(row: row.row, column: "thon_to", value: String(row.area.locality.prefix(40)) + "…",
                                           reason: AdmissionsError.localityLength.message))
            }
            if unknown.contains(row.area.communeCode) {
                problems.append(RowProblem(row: row.row, column: "ma_xa", value: row.area.communeCode,
                                           vi: "Không có xã, phường, đặc khu hiện hành mang mã này", en: "No current commune, ward or special zone has this code"))
            }
        }
        guard problems.isEmpty else { throw InputRejected(problems) }
        let bySchool = Dictionary(grouping: rows, by: \.schoolCode)
        if !dryRun {
            for (code, areas) in bySchool.sorted(by: { $0.key < $1.key }) {
                try await setCatchment(campaignID: campaignID, schoolID: schools[code]!, areas: areas.map(\.area), by: actor)
            }
        }
        return (bySchool.count, rows.count)
    }

    /// The localities the campaign's current catchments name, sorted: suggestions for the family's form.
    public func catchmentLocalities(campaignID: Int) async throws -> [String] {
        Set(try await currentCatchments(campaignID: campaignID).values.flatMap(\.areas).map(\.locality).filter { !$0.isEmpty }).sorted()
    }

    /// Every version of the school's catchment, oldest first.
    public func catchments(campaignID: Int, schoolID: Int) async throws -> [Catchment] {
        try await loadCatchments(campaignID: campaignID, where: "c.school_id = \(bind: schoolID)")
    }

    func latestCatchment(campaignID: Int, schoolID: Int) async throws -> Catchment? {
        try await catchments(campaignID: campaignID, schoolID: schoolID).last
    }

    /// The latest catchment of each of the campaign's schools that has one, by school id.
    public func currentCatchments(campaignID: Int) async throws -> [Int: Catchment] {
        let all = try await loadCatchments(campaignID: campaignID, where: "1 = 1")
        return Dictionary(all.map { ($0.schoolID, $0) }, uniquingKeysWith: { $0.version > $1.version ? $0 : $1 })
    }

    private func loadCatchments(campaignID: Int, where condition: SQLQueryString) async throws -> [Catchment] {
        struct Row: Decodable {
            let id: Int, schoolId: Int, version: Int, createdBy: String, createdAt: String
            let communeCode: String?, locality: String?
        }
        let rows = try await database.raw("""
            SELECT c.id, c.school_id, c.version, c.created_by, c.created_at, a.commune_code, a.locality
            FROM admission_catchments c LEFT JOIN admission_catchment_areas a ON a.catchment_id = c.id
            WHERE c.campaign_id = \(bind: campaignID) AND \(condition) ORDER BY c.school_id, c.version, a.commune_code, a.locality_key
            """).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        let ids = rows.map(\.id).reduce(into: [Int]()) { ids, id in if ids.last != id { ids.append(id) } }
        let byID = Dictionary(grouping: rows, by: \.id)
        return ids.map { id in
            let group = byID[id]!, first = group[0]
            let areas = group.compactMap { row in row.communeCode.map { Residence(communeCode: $0, locality: row.locality ?? "") } }
            return Catchment(schoolID: first.schoolId, version: first.version, areas: areas, createdBy: first.createdBy, createdAt: first.createdAt)
        }
    }

    /// The current communes, wards and special zones, by name: where a family may say the child lives.
    public func residenceCommunes() async throws -> [(code: String, name: String)] {
        struct Row: Decodable { let code: String; let name: String }
        return try await database.raw("""
            SELECT code, name FROM units WHERE kind IN ('commune', 'ward', 'special_zone') AND valid_to IS NULL ORDER BY name, code
            """).all(decoding: Row.self).map { ($0.code, $0.name) }
    }

    /// Areas or residences name current communes, and localities of a sensible length.
    func check(_ places: [Residence]) async throws {
        guard places.allSatisfy({ $0.locality.count <= Residence.localityLimit }) else { throw AdmissionsError.localityLength }
        let unknown = try await unknownCommunes(Set(places.map(\.communeCode)))
        guard unknown.isEmpty else { throw AdmissionsError.unknownCommune(unknown.sorted()) }
    }

    /// What the allocation reads (catchments, residences) may change until the results are published; a change after
    /// an allocation sends the campaign back to closed, so the results published are allocated with it. `campaign` is
    /// read with its row held (`CampaignLock.exclusive`), so no allocation or publication runs meanwhile.
    func unsettle(_ campaign: Campaign, by actor: Actor) async throws {
        guard campaign.status != .published else { throw AdmissionsError.status(campaign.status, needed: "not yet published") }
        try await reopenIfAllocated(campaign, by: actor)
    }

    /// An application's score, papers or claims change (what the allocation ranks by): with the campaign's row held, so
    /// the change lands before or after an allocation, never inside one; after an allocation the campaign goes back to
    /// closed, to be allocated again. After publication the results stand (a re-marked paper is followed by an
    /// adjustment).
    func scoresChange(campaignID: Int, by actor: Actor) async throws {
        try await reopenIfAllocated(try await campaign(id: campaignID, lock: .exclusive), by: actor)
    }

    private func reopenIfAllocated(_ campaign: Campaign, by actor: Actor) async throws {
        guard campaign.status == .allocated else { return }
        try await setStatus(.closed, campaignID: campaign.id, by: actor, detail: "closed: to be allocated again after a change")
    }

    /// The codes among `codes` that name no current commune, ward or special zone.
    func unknownCommunes(_ codes: Set<String>) async throws -> Set<String> {
        guard !codes.isEmpty else { return [] }
        struct Row: Decodable { let code: String }
        let known = try await database.raw("""
            SELECT code FROM units WHERE code IN (\(binds: codes.sorted())) AND kind IN ('commune', 'ward', 'special_zone') AND valid_to IS NULL
            """).all(decoding: Row.self).map(\.code)
        return codes.subtracting(known)
    }

    // MARK: Residence

    /// An officer's decision on a stated residence (after seeing the papers, or the register's answer): verified or
    /// refused, with a note the family reads; audited and told to the family. Taken only from the state the officer
    /// saw (`from`: a waiting one, or a decision being reversed), so a stale page cannot override a decision made
    /// meanwhile. Until the results are published; after an allocation the campaign goes back to closed.
    public func decideResidence(applicationID: Int, verified: Bool, note: String, from expected: ResidenceStatus = .pending,
                                by actor: Actor) async throws {
        let note = note.nfc.trimmingCharacters(in: .whitespacesAndNewlines)
        guard verified || !note.isEmpty else { throw AdmissionsError.residenceReason }
        let application = try await application(applicationID)
        try await unsettle(try await campaign(id: application.campaignId, lock: .exclusive), by: actor)
        guard application.residenceCommune != nil else { throw AdmissionsError.noResidence }
        guard try await database.raw("""
            UPDATE admission_applications SET residence_status = \(bind: (verified ? ResidenceStatus.verified : .refused).rawValue),
                residence_note = \(bind: note.isEmpty ? nil : note), updated_at = \(bind: Timestamp.now)
            WHERE id = \(bind: applicationID) AND residence_status = \(bind: expected.rawValue) RETURNING id
            """).first() != nil
        else { throw AdmissionsError.residenceChanged }
        try await audit(verified ? "verify_residence" : "refuse_residence", entity: "admission_application", id: applicationID,
                        before: expected.rawValue, after: note.isEmpty ? nil : note, by: actor)
        let detail = verified
            ? Bilingual(vi: "Nơi cư trú đã được xác minh." + (note.isEmpty ? "" : " \(note)"), en: "Residence verified." + (note.isEmpty ? "" : " \(note)"))
            : Bilingual(vi: "Nơi cư trú không được xác nhận: \(note)", en: "Residence not accepted: \(note)")
        try await record(.residence, applicationID: applicationID, detail)
    }

    /// Of `applicationIDs`, those whose stated residence the holder of these rights may decide: a commune officer of
    /// the commune the residence names (`communeUnitIDs`), or the staff of a school whose current catchment holds it
    /// (`schoolIDs`) — not every school an application lists, since the decision sets the child's priority at the
    /// others too.
    public func residencesDecidable(_ applicationIDs: [Int], communeUnitIDs: Set<Int>, schoolIDs: Set<Int>) async throws -> Set<Int> {
        guard !applicationIDs.isEmpty, !(communeUnitIDs.isEmpty && schoolIDs.isEmpty) else { return [] }
        struct Row: Decodable { let id: Int, campaignId: Int, residenceCommune: String, residenceLocality: String, unitId: Int? }
        let rows = try await database.raw("""
            SELECT a.id, a.campaign_id, a.residence_commune, a.residence_locality, u.id AS unit_id FROM admission_applications a
            LEFT JOIN units u ON u.code = a.residence_commune WHERE a.id IN (\(binds: applicationIDs)) AND a.residence_commune IS NOT NULL
            """).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        var catchments: [Int: [Int: Catchment]] = [:]
        var decidable: Set<Int> = []
        for row in rows {
            if let unit = row.unitId, communeUnitIDs.contains(unit) {
                decidable.insert(row.id)
                continue
            }
            guard !schoolIDs.isEmpty else { continue }
            if catchments[row.campaignId] == nil { catchments[row.campaignId] = try await currentCatchments(campaignID: row.campaignId) }
            let residence = Residence(communeCode: row.residenceCommune, locality: row.residenceLocality)
            if schoolIDs.contains(where: { catchments[row.campaignId]?[$0]?.contains(residence) == true }) { decidable.insert(row.id) }
        }
        return decidable
    }

    /// Records the residence an application states. Staff who enter an application have seen the papers, so theirs is
    /// verified; a family's waits for the register or an officer.
    /// Staff saw the papers, and the register's own answer needs no check; a family's statement waits for one.
    func recordResidence(_ residence: Residence, applicationID: Int, identity: IdentitySource, fromRegister: Bool) async throws {
        do {
            try await check([residence])
        } catch is EduError where fromRegister {
            // The register's own codes are not the family's to read or correct.
            throw AdmissionsError.registerResidenceUnusable
        }
        let status: ResidenceStatus = identity == .staff || fromRegister ? .verified : .pending
        let note: Bilingual? = fromRegister ? Bilingual(vi: "Theo CSDL quốc gia về dân cư", en: "From the national population register") : nil
        try await database.raw("""
            UPDATE admission_applications SET residence_commune = \(bind: residence.communeCode), residence_locality = \(bind: residence.locality),
                residence_status = \(bind: status.rawValue), residence_note = \(bind: note.map { "\($0.vi) / \($0.en)" })
            WHERE id = \(bind: applicationID)
            """).run()
        if fromRegister {
            // The family reads that the residence is verified, never the address the register holds.
            try await record(.residence, applicationID: applicationID, Bilingual(vi: "Nơi cư trú đã được xác minh theo CSDL quốc gia về dân cư.",
                                                                                 en: "Residence verified from the national population register."))
        }
    }

    /// Per application (by id): the schools whose current catchment holds its verified residence.
    func catchmentMembership(campaignID: Int) async throws -> [Int: Set<Int>] {
        let catchments = try await currentCatchments(campaignID: campaignID)
        guard !catchments.isEmpty else { return [:] }
        struct Row: Decodable { let id: Int, residenceCommune: String, residenceLocality: String }
        let rows = try await database.raw("""
            SELECT id, residence_commune, residence_locality FROM admission_applications
            WHERE campaign_id = \(bind: campaignID) AND residence_status = \(bind: ResidenceStatus.verified.rawValue)
            """).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        var membership: [Int: Set<Int>] = [:]
        for row in rows {
            let residence = Residence(communeCode: row.residenceCommune, locality: row.residenceLocality)
            membership[row.id] = Set(catchments.values.filter { $0.contains(residence) }.map(\.schoolID))
        }
        return membership
    }

    /// How many of the campaign's stated residences still wait for a decision: all of them, or those in a viewer's
    /// queue (``applications(campaignID:schools:communes:residencePending:after:limit:)``).
    public func pendingResidences(campaignID: Int, schools: Set<Int>? = nil, communes: Set<Int> = []) async throws -> Int {
        guard let concerned = Self.concerning(schools, communes: communes) else { return 0 }
        return try await database.raw("""
            SELECT COUNT(*) AS n FROM admission_applications a
            WHERE a.campaign_id = \(bind: campaignID) AND a.residence_status = \(bind: ResidenceStatus.pending.rawValue) AND \(concerned)
            """).first(decoding: CountRow.self)?.n ?? 0
    }
}

/// An area as a key: its commune and its locality as matched.
private struct AreaKey: Hashable {
    let commune: String, locality: String
    init(_ area: Residence) { (commune, locality) = (area.communeCode, area.localityKey) }
}
