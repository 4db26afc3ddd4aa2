import Access
import EduCore
import Foundation
import Quality
import SQLKit
import Storage

/// Holders linked by the data-quality issue's linkage model, after `HolderLinks`' link by personal ID: every register entry is
/// compared with every registry student not merged into another (blocking, the Fellegi–Sunter model estimated from
/// these two lists, term frequencies). An entry still unlinked whose only student at `reviewFrom` or more reaches
/// `linkAt` is linked (`probable`); the students of the other entries that reach `reviewFrom` wait for a person, who
/// links one (`reviewed`) or calls it another person (`distinct`, never proposed again). An entry a person has called
/// another person for always goes to a person: the model does not pick among what is left.
public struct HolderLinkage: Sendable {
    public struct Thresholds: Sendable, Hashable {
        /// A match probability from which the model links on its own, when it is the entry's only candidate.
        public let linkAt: Double
        /// A match probability from which a student is shown to a person.
        public let reviewFrom: Double

        /// 0.95 and 0.5: a diploma is a legal record, so the model decides alone only when it is nearly sure and
        /// unrivalled. **Our choice**, not a rule from the domain notes; the command line can change both.
        public static let standard = Thresholds(linkAt: 0.95, reviewFrom: 0.5)

        public init(linkAt: Double, reviewFrom: Double) {
            self.linkAt = linkAt
            self.reviewFrom = reviewFrom
        }
    }

    public struct Outcome: Sendable, Hashable {
        /// The link by personal ID, before the model.
        public let exact: HolderLinks.Tally
        /// Entries the model linked in this run.
        public let probable: Int
        /// Entries with students waiting for a person.
        public let toReview: Int
        /// Entries left unlinked, those to review among them.
        public let unlinked: Int
    }

    /// A student proposed as an entry's holder, with what a person needs to decide: both sides' name, birth date,
    /// gender and birthplace, the student's school, and how the model saw the pair.
    public struct Candidate: Sendable, Hashable, Decodable {
        public let entryId: Int
        public let serial: String
        public let kind: String
        public let graduationYear: Int
        public let fullName: String
        public let dateOfBirth: String
        public let gender: String?
        public let birthplace: String
        public let studentId: Int
        public let studentName: String
        public let studentBirth: String
        public let studentGender: String
        public let studentBirthplace: String
        public let schoolName: String
        public let probability: Double
        /// Personal ID, name, date of birth, gender, birthplace: 0 missing in one, 1 the same, higher further apart.
        public let levels: String
    }

    /// An entry waiting for a person, with every student proposed for it, strongest first.
    public struct Review: Sendable, Hashable {
        public let entryID: Int
        public let candidates: [Candidate]
    }

    private let database: any SQLDatabase

    public init(_ database: any SQLDatabase) {
        self.database = database
    }

    /// The link by personal ID in one transaction; the comparison outside any (it reads every student, and SQLite's one
    /// connection stays free for others meanwhile); its links and proposals in one more.
    public static func run(_ database: EduDatabase, cipher: PersonalDataCipher, thresholds: Thresholds = .standard,
                           deduplicator: Deduplicator = Deduplicator(), by actor: Actor) async throws -> Outcome {
        let exact = try await database.transaction { try await HolderLinks($0).link(byNameAndBirth: false, by: actor) }
        let (entries, holders) = try await Self.holders(database.sql, cipher: cipher)
        let (students, records) = try await LinkageStore(database.sql, cipher: cipher, roster: .students).records()
        // Every entry takes part, the linked ones too: their pairs teach the model what one person looks like.
        let links = deduplicator.links(between: holders, and: records, minimum: thresholds.reviewFrom).links
        let proposals = links.filter { entries[$0.first].unlinked }.map {
            Proposal(entryID: entries[$0.first].id, studentID: students[$0.second], probability: $0.probability, levels: $0.levels)
        }
        return try await database.transaction { [proposals] db in
            try await HolderLinkage(db).record(proposals, thresholds: thresholds, exact: exact, by: actor)
        }
    }

    /// A person's decision on a pending candidate: the entry linked to the student (the entry's other candidates
    /// withdrawn), or the two called different people. Call inside a transaction. The candidate is claimed by its
    /// status first, so of two people deciding at once on PostgreSQL the second waits and is then refused.
    public func decide(entryID: Int, studentID: Int, link: Bool, by actor: Actor) async throws {
        let claimed = try await database.raw("""
            UPDATE credential_holder_candidates SET status = \(bind: link ? "linked" : "distinct"), decided_by = \(bind: actor.name),
                decided_at = \(bind: Timestamp.now)
            WHERE entry_id = \(bind: entryID) AND student_id = \(bind: studentID) AND status = 'pending' RETURNING entry_id
            """).all().count
        guard claimed == 1 else { throw HolderLinkError.notPending }
        if link {
            let linked = try await database.raw("""
                UPDATE credential_entries SET student_id = \(bind: studentID), link_method = 'reviewed'
                WHERE id = \(bind: entryID) AND student_id IS NULL RETURNING id
                """).all().count
            guard linked == 1 else { throw HolderLinkError.alreadyLinked }
            try await database.raw("""
                UPDATE credential_holder_candidates SET status = 'withdrawn'
                WHERE entry_id = \(bind: entryID) AND student_id <> \(bind: studentID) AND status = 'pending'
                """).run()
        }
        try await AuditLog(database).append(AuditEvent(action: link ? "link_holder" : "distinct_holder", entity: "credential_entry",
                                                       entityID: String(entryID), after: "student \(studentID)"), by: actor)
    }

    /// The first `limit` unlinked entries waiting for a person (by their strongest candidate), each with all its
    /// candidates, so no rival is left off the page. The page shows personal data of students and holders, so each
    /// listing is an audit event naming the entries and students shown.
    public func reviews(limit: Int, by actor: Actor) async throws -> [Review] {
        let candidates = try await database.raw("""
            WITH chosen AS (
                SELECT c.entry_id, MAX(c.probability) AS best FROM credential_holder_candidates c
                    JOIN credential_entries e ON e.id = c.entry_id
                WHERE c.status = 'pending' AND e.student_id IS NULL
                GROUP BY c.entry_id ORDER BY best DESC, c.entry_id LIMIT \(bind: limit)
            )
            SELECT c.entry_id, e.serial, e.kind, e.graduation_year, e.full_name, e.date_of_birth, e.gender, e.birthplace,
                c.student_id, s.full_name AS student_name, s.date_of_birth AS student_birth, s.gender AS student_gender,
                s.birthplace AS student_birthplace, sc.name AS school_name, c.probability, c.levels
            FROM chosen JOIN credential_holder_candidates c ON c.entry_id = chosen.entry_id JOIN credential_entries e ON e.id = c.entry_id
                JOIN students s ON s.id = c.student_id JOIN schools sc ON sc.id = s.school_id
            WHERE c.status = 'pending' ORDER BY chosen.best DESC, c.entry_id, c.probability DESC, c.student_id
            """).all(decoding: Candidate.self, keyDecodingStrategy: .convertFromSnakeCase)
        var reviews: [Review] = []
        for candidate in candidates {
            if reviews.last?.entryID == candidate.entryId {
                reviews[reviews.count - 1] = Review(entryID: candidate.entryId, candidates: reviews[reviews.count - 1].candidates + [candidate])
            } else {
                reviews.append(Review(entryID: candidate.entryId, candidates: [candidate]))
            }
        }
        let shown = reviews.map { "\($0.entryID): \($0.candidates.map { String($0.studentId) }.joined(separator: " "))" }
        try await AuditLog(database).append(AuditEvent(action: "read", entity: "credential_holder_candidates", entityID: "",
                                                       after: "entries and students shown: " + shown.joined(separator: "; ")), by: actor)
        return reviews
    }

    /// How the register's entries stand.
    public struct Standing: Sendable, Hashable {
        /// Linked entries by method: `national_id`, `name_birth`, `probable`, `reviewed`.
        public let linked: [String: Int]
        public let unlinked: Int
        /// Unlinked entries with students waiting for a person.
        public let toReview: Int

        public var linkedTotal: Int { linked.values.reduce(0, +) }
    }

    public func standing() async throws -> Standing {
        struct Row: Decodable { let method: String?; let n: Int }
        let rows = try await database.raw("SELECT link_method AS method, COUNT(*) AS n FROM credential_entries GROUP BY link_method")
            .all(decoding: Row.self)
        return Standing(linked: Dictionary(uniqueKeysWithValues: rows.compactMap { row in row.method.map { ($0, row.n) } }),
                        unlinked: rows.first { $0.method == nil }?.n ?? 0, toReview: try await toReview())
    }

    struct Proposal: Sendable {
        let entryID: Int
        let studentID: Int
        let probability: Double
        let levels: [Int]
    }

    /// Links the strong proposals that are their entry's only one and queues the rest; a pending candidate no longer
    /// proposed is withdrawn, a decided one keeps its decision. Proposals for entries linked since the comparison read
    /// them (by a person, or another run) are dropped. Call inside a transaction; on PostgreSQL two runs take turns.
    func record(_ proposals: [Proposal], thresholds: Thresholds, exact: HolderLinks.Tally, by actor: Actor) async throws -> Outcome {
        if Dialect(database) == .postgres {
            try await database.raw("SELECT pg_advisory_xact_lock(\(bind: Self.lockKey))").run()
        }
        struct Pair: Decodable, Hashable { let entryId: Int; let studentId: Int }
        let distinct = Set(try await database.raw("""
            SELECT entry_id, student_id FROM credential_holder_candidates WHERE status = 'distinct'
            """).all(decoding: Pair.self, keyDecodingStrategy: .convertFromSnakeCase))
        let waiting = Set(try await database.raw("SELECT id FROM credential_entries WHERE student_id IS NULL").all(decoding: IDRow.self).map(\.id))
        let now = Timestamp.now
        try await database.raw("UPDATE credential_holder_candidates SET status = 'withdrawn' WHERE status = 'pending'").run()
        var probable = 0
        for (entryID, proposed) in Dictionary(grouping: proposals, by: \.entryID).sorted(by: { $0.key < $1.key }) where waiting.contains(entryID) {
            let open = proposed.filter { !distinct.contains(Pair(entryId: $0.entryID, studentId: $0.studentID)) }
            guard !open.isEmpty else { continue }
            let ranked = open.sorted { ($0.probability, $1.studentID) > ($1.probability, $0.studentID) }
            // The only candidate, and not what is left after a person called a rival another person.
            let unrivalled = ranked.count == 1 && open.count == proposed.count && ranked[0].probability >= thresholds.linkAt
            if unrivalled {
                let linked = try await database.raw("""
                    UPDATE credential_entries SET student_id = \(bind: ranked[0].studentID), link_method = 'probable'
                    WHERE id = \(bind: entryID) AND student_id IS NULL RETURNING id
                    """).all().count
                probable += linked
                try await save(ranked[0], status: linked == 1 ? "linked" : "withdrawn", at: now, by: actor)
            } else {
                for candidate in ranked { try await save(candidate, status: "pending", at: now, by: nil) }
            }
        }
        let unlinked = try await database.raw("SELECT COUNT(*) AS n FROM credential_entries WHERE student_id IS NULL")
            .first(decoding: CountRow.self)!.n
        let outcome = Outcome(exact: exact, probable: probable, toReview: try await toReview(), unlinked: unlinked)
        try await AuditLog(database).append(AuditEvent(action: "link_holders_by_model", entity: "credential_register", entityID: "",
                                                       after: "\(probable) linked, \(outcome.toReview) to review, \(unlinked) unlinked"),
                                            by: actor)
        return outcome
    }

    /// A proposal as a candidate row: a new one, or a pending or withdrawn one brought up to date.
    private func save(_ proposal: Proposal, status: String, at now: String, by actor: Actor?) async throws {
        try await database.raw("""
            INSERT INTO credential_holder_candidates (entry_id, student_id, probability, levels, status, proposed_at, decided_by, decided_at)
            VALUES (\(bind: proposal.entryID), \(bind: proposal.studentID), \(bind: proposal.probability),
                    \(bind: proposal.levels.map(String.init).joined(separator: ",")), \(bind: status), \(bind: now),
                    \(bind: actor?.name), \(bind: actor == nil ? nil : now))
            ON CONFLICT (entry_id, student_id) DO UPDATE SET probability = excluded.probability, levels = excluded.levels,
                status = excluded.status, proposed_at = excluded.proposed_at, decided_by = excluded.decided_by, decided_at = excluded.decided_at
            WHERE credential_holder_candidates.status IN ('pending', 'withdrawn')
            """).run()
    }

    /// "EduHold" in ASCII, so the lock is recognisable in `pg_locks`.
    private static let lockKey = 0x4564_7548_6F6C_64

    private func toReview() async throws -> Int {
        try await database.raw("""
            SELECT COUNT(DISTINCT c.entry_id) AS n FROM credential_holder_candidates c JOIN credential_entries e ON e.id = c.entry_id
            WHERE c.status = 'pending' AND e.student_id IS NULL
            """).first(decoding: CountRow.self)!.n
    }

    /// Every entry as linkage compares it, and whether it still waits for a holder.
    private static func holders(_ database: any SQLDatabase, cipher: PersonalDataCipher) async throws
        -> (entries: [(id: Int, unlinked: Bool)], records: [PersonRecord]) {
        struct Row: Decodable {
            let id: Int, studentId: Int?, nationalIdEnc: String?, fullName: String, dateOfBirth: String, gender: String?, birthplace: String
        }
        let rows = try await database.raw("""
            SELECT id, student_id, national_id_enc, full_name, date_of_birth, gender, birthplace FROM credential_entries ORDER BY id
            """).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        let records = try rows.map { row in
            PersonRecord(recordID: String(row.id), source: "register", nationalID: try row.nationalIdEnc.flatMap { NationalID(try cipher.open($0)) },
                         fullName: row.fullName, dateOfBirth: CalendarDate(iso: row.dateOfBirth), gender: row.gender.flatMap(Gender.init(rawValue:)),
                         birthplace: row.birthplace.isEmpty ? nil : row.birthplace)
        }
        return (rows.map { ($0.id, $0.studentId == nil) }, records)
    }
}

enum HolderLinkError {
    static let notPending = EduError("credentials.holder_candidate", vi: "Đề xuất này không còn chờ quyết định",
                                     en: "This proposal is no longer waiting for a decision")
    static let alreadyLinked = EduError("credentials.holder_linked", vi: "Văn bằng này đã được liên kết với một học sinh",
                                        en: "This entry is already linked to a student")
}
