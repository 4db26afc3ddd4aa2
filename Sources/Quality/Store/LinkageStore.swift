import Access
import EduCore
import Foundation
import SQLKit
import Storage

/// The SQL of linkage in the platform: a scan of the registry's students and staff proposes pairs; people merge a pair
/// or call it two people, and can undo either. Merges and undos are audited and serialised (on PostgreSQL by an advisory lock held
/// to the end of the transaction), so two reviewers deciding at once cannot chain records into a loop.
public struct LinkageStore: Sendable {
    private let database: any SQLDatabase
    private let cipher: PersonalDataCipher
    private let roster: LinkageRoster

    public init(_ database: any SQLDatabase, cipher: PersonalDataCipher, roster: LinkageRoster = .students) {
        self.database = database
        self.cipher = cipher
        self.roster = roster
    }

    public struct Scan: Sendable, Equatable {
        public let runID: Int
        public let records: Int
        public let candidatePairs: Int
        /// Pairs at or above the minimum, decided ones included.
        public let proposed: Int
        /// Pairs waiting for a reviewer after the scan, per roster.
        public let pending: [LinkageRoster: Int]
    }

    /// Scans the registry: compares every student, then every staff member, not merged into another (outside any
    /// transaction: on a large province this takes a while, and SQLite's one connection stays free for others
    /// meanwhile), then records the proposals in one transaction, so a scan is recorded whole or not at all. Figures
    /// are both rosters' together.
    public static func scan(_ database: EduDatabase, cipher: PersonalDataCipher, with deduplicator: Deduplicator = Deduplicator(),
                            minimum: Double = 0.5, by actor: Actor) async throws -> Scan {
        var proposals: [Proposals] = []
        for roster in LinkageRoster.allCases {
            proposals.append(try await LinkageStore(database.sql, cipher: cipher, roster: roster).proposals(with: deduplicator, minimum: minimum))
        }
        return try await database.transaction { [proposals] db in try await record(proposals, minimum: minimum, on: db, by: actor) }
    }

    /// What a scan found in one roster: the pairs (as record ids) whose match probability reaches the minimum.
    struct Proposals: Sendable {
        let roster: LinkageRoster
        let records: Int
        let candidatePairs: Int
        let links: [(first: Int, second: Int, probability: Double, levels: [Int])]
    }

    func proposals(with deduplicator: Deduplicator, minimum: Double) async throws -> Proposals {
        let (ids, records) = try await records()
        let (links, candidatePairs) = deduplicator.links(records, minimum: minimum)
        return Proposals(roster: roster, records: records.count, candidatePairs: candidatePairs, links: links.map { link in
            let (first, second) = (ids[link.first], ids[link.second])
            return (min(first, second), max(first, second), link.probability, link.levels)
        })
    }

    /// The roster's records not merged into another, as linkage compares them, with their ids, in id order.
    public func records() async throws -> (ids: [Int], records: [PersonRecord]) {
        struct Row: Decodable {
            let id: Int, schoolCode: String, nationalIdEnc: String?, fullName: String, dateOfBirth: String, gender: String, birthplace: String
        }
        let rows = try await database.raw("""
            SELECT p.id, sc.code AS school_code, p.national_id_enc, p.full_name, p.date_of_birth, p.gender, \(unsafeRaw: roster.birthplace) AS birthplace
            FROM \(unsafeRaw: roster.people) p JOIN schools sc ON sc.id = p.school_id
            WHERE \(roster.notMerged("p.id")) ORDER BY p.id
            """).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        let records = try rows.map { row in
            PersonRecord(recordID: String(row.id), source: row.schoolCode, nationalID: try row.nationalIdEnc.flatMap { NationalID(try cipher.open($0)) },
                         fullName: row.fullName, dateOfBirth: CalendarDate(iso: row.dateOfBirth),
                         gender: Gender(rawValue: row.gender) ?? Gender(parsing: row.gender),
                         birthplace: row.birthplace.isEmpty ? nil : row.birthplace)
        }
        return (rows.map(\.id), records)
    }

    /// Records a scan's proposals: a pair already decided keeps its decision; a proposal the data no longer supports is
    /// withdrawn. Call inside a transaction.
    static func record(_ proposals: [Proposals], minimum: Double, on database: any SQLDatabase, by actor: Actor) async throws -> Scan {
        let (records, candidatePairs) = (proposals.reduce(0) { $0 + $1.records }, proposals.reduce(0) { $0 + $1.candidatePairs })
        let proposed = proposals.reduce(0) { $0 + $1.links.count }
        let runID = try await database.raw("""
            INSERT INTO linkage_runs (started_at, records, candidate_pairs, proposed, minimum)
            VALUES (\(bind: Timestamp.now), \(bind: records), \(bind: candidatePairs), \(bind: proposed), \(bind: minimum)) RETURNING id
            """).first(decoding: IDRow.self)!.id
        var pending: [LinkageRoster: Int] = [:]
        for found in proposals {
            let pairs = found.roster.pairs
            for link in found.links {
                try await database.raw("""
                    INSERT INTO \(unsafeRaw: pairs) (first_id, second_id, probability, levels, run_id, status)
                    VALUES (\(bind: link.first), \(bind: link.second), \(bind: link.probability),
                            \(bind: link.levels.map(String.init).joined(separator: ",")), \(bind: runID), 'pending')
                    ON CONFLICT (first_id, second_id) DO UPDATE SET probability = excluded.probability, levels = excluded.levels,
                        run_id = excluded.run_id, status = 'pending'
                    WHERE \(unsafeRaw: pairs).status IN ('pending', 'withdrawn')
                    """).run()
            }
            try await database.raw("UPDATE \(unsafeRaw: pairs) SET status = 'withdrawn' WHERE status = 'pending' AND run_id <> \(bind: runID)").run()
            pending[found.roster] = try await database.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: pairs) WHERE status = 'pending'")
                .first(decoding: CountRow.self)!.n
        }
        try await AuditLog(database).append(AuditEvent(action: "scan", entity: "linkage_run", entityID: String(runID)), by: actor)
        return Scan(runID: runID, records: records, candidatePairs: candidatePairs, proposed: proposed, pending: pending)
    }

    /// A proposed or decided pair, with enough of both records to list it.
    public struct Pair: Sendable, Hashable, Decodable {
        public let id: Int
        public let firstId: Int, firstSchoolId: Int, firstName: String, firstBirth: String
        public let secondId: Int, secondSchoolId: Int, secondName: String, secondBirth: String
        public let probability: Double
        /// Personal ID, name, date of birth, gender, birthplace: 0 missing in one, 1 the same, higher further apart.
        public let levels: String
        /// pending, merged, distinct or withdrawn.
        public let status: String
        public let decidedBy: String?
        public let decidedAt: String?

        public var fieldLevels: [Int] { levels.split(separator: ",").compactMap { Int($0) } }
    }

    /// Pairs in a status: pending ones strongest first, decided ones latest first. With `schools`, only pairs whose two
    /// records are both in those schools.
    public func pairs(status: String, schools: Set<Int>?, limit: Int = 100) async throws -> [Pair] {
        let order = status == "pending" ? "p.probability DESC, p.id" : "p.decided_at DESC, p.id DESC"
        return try await database.raw("""
            \(unsafeRaw: pairColumns) WHERE p.status = \(bind: status)
              AND \(within(schools, "a.school_id")) AND \(within(schools, "b.school_id"))
            ORDER BY \(unsafeRaw: order) LIMIT \(bind: limit)
            """).all(decoding: Pair.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    public struct Run: Sendable, Hashable, Decodable {
        public let id: Int
        public let startedAt: String
        public let records: Int
        public let candidatePairs: Int
        public let proposed: Int
    }

    public func latestRun() async throws -> Run? {
        try await database.raw("SELECT id, started_at, records, candidate_pairs, proposed FROM linkage_runs ORDER BY id DESC LIMIT 1")
            .first(decoding: Run.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    public func pair(id: Int) async throws -> Pair? {
        try await database.raw("\(unsafeRaw: pairColumns) WHERE p.id = \(bind: id)")
            .first(decoding: Pair.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    private var pairColumns: String {
        """
        SELECT p.id, a.id AS first_id, a.school_id AS first_school_id, a.full_name AS first_name, a.date_of_birth AS first_birth,
               b.id AS second_id, b.school_id AS second_school_id, b.full_name AS second_name, b.date_of_birth AS second_birth,
               p.probability, p.levels, p.status, p.decided_by, p.decided_at
        FROM \(roster.pairs) p JOIN \(roster.people) a ON a.id = p.first_id JOIN \(roster.people) b ON b.id = p.second_id
        """
    }

    private func within(_ schools: Set<Int>?, _ column: String) -> SQLQueryString {
        guard let schools else { return "1 = 1" }
        guard !schools.isEmpty else { return "1 = 0" }
        return "\(unsafeRaw: column) IN (\(binds: schools.sorted()))"
    }

    /// Merges the pair's other record into `survivorID` (one of the two). When either is already merged elsewhere, the
    /// merge joins the records each was merged into, so a person is always one chain ending in one surviving record.
    /// Refused when those records are in schools outside `writableSchools` (nil: any school), or when the two people
    /// so far hold personal IDs that differ by more than a typo (one person has one ID).
    public func merge(pairID: Int, survivorID: Int, writableSchools: Set<Int>? = nil, by actor: Actor) async throws {
        try await serialise()
        let pair = try await pending(pairID)
        guard [pair.firstId, pair.secondId].contains(survivorID) else {
            throw EduError("linkage.survivor", vi: "Bản ghi giữ lại phải là một trong hai bản ghi của cặp",
                           en: "The record kept must be one of the pair's two records")
        }
        let survivor = try await root(of: survivorID)
        let merged = try await root(of: survivorID == pair.firstId ? pair.secondId : pair.firstId)
        guard survivor != merged else {
            throw EduError("linkage.already_one", vi: "Hai bản ghi đã được gộp là một người", en: "The two records are already merged as one person")
        }
        try await checkReach([survivor, merged], writableSchools)
        let (kept, joined) = (try await nationalIDs(of: try await members(of: survivor)), try await nationalIDs(of: try await members(of: merged)))
        for a in kept {
            for b in joined where a != b && !ComparisonVector.oneTypoApart(a, b) {
                throw EduError("linkage.two_ids", vi: "Hai hồ sơ mang hai số định danh khác nhau: không thể là một người",
                               en: "The records hold two different personal IDs: they cannot be one person")
            }
        }
        let now = Timestamp.now
        try await database.raw("""
            INSERT INTO \(unsafeRaw: roster.merges) (survivor_id, merged_id, pair_id, merged_by, merged_at)
            VALUES (\(bind: survivor), \(bind: merged), \(bind: pairID), \(bind: actor.name), \(bind: now))
            """).run()
        try await decide(pairID, status: "merged", by: actor, at: now)
        try await audit("merge", pairID: pairID, after: ["survivor_id": survivor, "merged_id": merged], by: actor)
    }

    /// Records that the pair's two records are two people: the pair leaves the queue and later scans leave it alone.
    public func markDistinct(pairID: Int, by actor: Actor) async throws {
        try await serialise()
        _ = try await pending(pairID)
        try await decide(pairID, status: "distinct", by: actor, at: Timestamp.now)
        try await audit("mark_distinct", pairID: pairID, after: [:], by: actor)
    }

    /// Undoes the pair's decision: a merge is stamped undone (its row stays), and the pair is back in the queue. The
    /// merge's two records must be in `writableSchools` (nil: any school).
    public func undo(pairID: Int, writableSchools: Set<Int>? = nil, by actor: Actor) async throws {
        try await serialise()
        guard let pair = try await pair(id: pairID), ["merged", "distinct"].contains(pair.status) else {
            throw EduError("linkage.not_decided", vi: "Cặp này chưa có quyết định để hoàn tác", en: "This pair has no decision to undo")
        }
        struct Merge: Decodable { let survivorId: Int; let mergedId: Int }
        if let merge = try await database.raw("""
            SELECT survivor_id, merged_id FROM \(unsafeRaw: roster.merges) WHERE pair_id = \(bind: pairID) AND undone_at IS NULL
            """).first(decoding: Merge.self, keyDecodingStrategy: .convertFromSnakeCase) {
            try await checkReach([merge.survivorId, merge.mergedId], writableSchools)
        }
        let now = Timestamp.now
        try await database.raw("""
            UPDATE \(unsafeRaw: roster.merges) SET undone_by = \(bind: actor.name), undone_at = \(bind: now) WHERE pair_id = \(bind: pairID) AND undone_at IS NULL
            """).run()
        try await database.raw("""
            UPDATE \(unsafeRaw: roster.pairs) SET status = 'pending', decided_by = NULL, decided_at = NULL WHERE id = \(bind: pairID)
            """).run()
        try await audit("undo_" + pair.status, pairID: pairID, after: [:], by: actor)
    }

    /// The record a record is merged into, following the chain; the record's own id when it is not merged.
    public func root(of recordID: Int) async throws -> Int {
        var current = recordID
        // A chain is at most as long as there are merges; the bound only guards against a corrupted table.
        for _ in 0..<10_000 {
            guard let next = try await database.raw("""
                SELECT survivor_id AS id FROM \(unsafeRaw: roster.merges) WHERE merged_id = \(bind: current) AND undone_at IS NULL
                """).first(decoding: IDRow.self)?.id else { return current }
            current = next
        }
        throw EduError("linkage.cycle", vi: "Chuỗi gộp bản ghi bị vòng lặp", en: "The chain of merged records loops")
    }

    /// Every record of the person whose chain ends in `root`.
    private func members(of root: Int) async throws -> [Int] {
        var found = [root], frontier = [root]
        while !frontier.isEmpty {
            frontier = try await database.raw("""
                SELECT merged_id AS id FROM \(unsafeRaw: roster.merges) WHERE survivor_id IN (\(binds: frontier)) AND undone_at IS NULL
                """).all(decoding: IDRow.self).map(\.id)
            found += frontier
        }
        return found
    }

    private func nationalIDs(of records: [Int]) async throws -> [UInt64] {
        struct Row: Decodable { let nationalIdEnc: String? }
        return try await database.raw("SELECT national_id_enc FROM \(unsafeRaw: roster.people) WHERE id IN (\(binds: records))")
            .all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
            .compactMap { try $0.nationalIdEnc.flatMap { UInt64(try cipher.open($0)) } }
    }

    private func checkReach(_ records: [Int], _ writableSchools: Set<Int>?) async throws {
        guard let writableSchools else { return }
        struct Row: Decodable { let schoolId: Int }
        let schools = try await database.raw("SELECT school_id FROM \(unsafeRaw: roster.people) WHERE id IN (\(binds: records))")
            .all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase).map(\.schoolId)
        guard schools.allSatisfy(writableSchools.contains) else {
            throw EduError("linkage.reach", vi: "Việc gộp chạm tới hồ sơ của trường ngoài phạm vi quyền của bạn",
                           en: "The merge reaches a record of a school outside your rights")
        }
    }

    private func pending(_ pairID: Int) async throws -> Pair {
        guard let pair = try await pair(id: pairID) else {
            throw EduError("linkage.no_pair", vi: "Không có cặp bản ghi này", en: "There is no such pair")
        }
        guard pair.status == "pending" else {
            throw EduError("linkage.decided", vi: "Cặp này đã được quyết định hoặc không còn được đề xuất",
                           en: "This pair has already been decided or is no longer proposed")
        }
        return pair
    }

    private func decide(_ pairID: Int, status: String, by actor: Actor, at time: String) async throws {
        try await database.raw("""
            UPDATE \(unsafeRaw: roster.pairs) SET status = \(bind: status), decided_by = \(bind: actor.name), decided_at = \(bind: time) WHERE id = \(bind: pairID)
            """).run()
    }

    private func audit(_ action: String, pairID: Int, after: [String: Int], by actor: Actor) async throws {
        try await AuditLog(database).append(AuditEvent(action: action, entity: roster.pairEntity, entityID: String(pairID),
                                                       after: String(decoding: try JSONEncoder.sorted.encode(after), as: UTF8.self)), by: actor)
    }

    /// One decision at a time across every instance. SQLite already has a single writer.
    private func serialise() async throws {
        guard Dialect(database) == .postgres else { return }
        try await database.raw("SELECT pg_advisory_xact_lock(\(bind: Self.lockKey))").run()
    }

    /// "EduLink" in ASCII, so the lock is recognisable in `pg_locks`.
    private static let lockKey = 0x4564_754C_696E_6B
}
