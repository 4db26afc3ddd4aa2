import Access
import EduCore
import Foundation
import SQLKit
import Storage

/// Each register entry's holder linked to the registry's person: by the personal ID when both know it, else by name
/// and date of birth when exactly one student has them (and no personal ID or gender says otherwise). The link by
/// personal ID comes before the linkage model (`HolderLinkage`); both rules are `link-holders --exact-only`. Links are
/// kept; a run links only what is not linked yet.
public struct HolderLinks: Sendable {
    public struct Tally: Sendable, Hashable {
        public let byNationalID: Int
        public let byNameAndBirth: Int
        /// Entries linked before, or now, in all.
        public let linked: Int
        public let unlinked: Int

        public init(byNationalID: Int, byNameAndBirth: Int, linked: Int, unlinked: Int) {
            self.byNationalID = byNationalID
            self.byNameAndBirth = byNameAndBirth
            self.linked = linked
            self.unlinked = unlinked
        }
    }

    /// An entry whose holder could not be linked, and why: no student alike, several alike, or students the linkage
    /// model proposed waiting for a person (`HolderLinkage`).
    public struct Unlinked: Sendable, Hashable {
        public enum Reason: String, Sendable { case noMatch = "no_match", ambiguous, toReview = "to_review" }
        public let serial: String
        public let fullName: String
        public let dateOfBirth: String
        public let reason: Reason
    }

    private let database: any SQLDatabase

    public init(_ database: any SQLDatabase) {
        self.database = database
    }

    /// `byNameAndBirth`: the second rule too. The linkage model (`HolderLinkage`) runs without it: on the holders'
    /// benchmark the rule made 2 to 9 times as many wrong links as the model (docs/benchmarks.md).
    public func link(byNameAndBirth: Bool = true, by actor: Actor) async throws -> Tally {
        let byID = try await database.raw("""
            UPDATE credential_entries SET link_method = 'national_id',
                student_id = (SELECT s.id FROM students s WHERE s.national_id_hash = credential_entries.national_id_hash)
            WHERE student_id IS NULL AND national_id_hash IS NOT NULL
                AND EXISTS (SELECT 1 FROM students s WHERE s.national_id_hash = credential_entries.national_id_hash)
            RETURNING id
            """).all().count
        let byName = !byNameAndBirth ? 0 : try await database.raw("""
            UPDATE credential_entries SET link_method = 'name_birth',
                student_id = (SELECT MIN(s.id) FROM students s WHERE \(unsafeRaw: Self.sameNameAndBirth))
            WHERE student_id IS NULL AND (SELECT COUNT(*) FROM students s WHERE \(unsafeRaw: Self.sameNameAndBirth)) = 1
            RETURNING id
            """).all().count
        struct Count: Decodable { let linked: Int; let total: Int }
        let count = try await database.raw("""
            SELECT COUNT(student_id) AS linked, COUNT(*) AS total FROM credential_entries
            """).first(decoding: Count.self)!
        let byNameText = byNameAndBirth ? ", \(byName) by name and birth date" : ""
        try await AuditLog(database).append(AuditEvent(action: "link_holders", entity: "credential_register", entityID: "",
                                                       after: "\(byID) by personal ID\(byNameText), \(count.total - count.linked) unlinked"),
                                            by: actor)
        return Tally(byNationalID: byID, byNameAndBirth: byName, linked: count.linked, unlinked: count.total - count.linked)
    }

    /// Undoes every link the name-and-birth rule made, for the linkage model to judge those entries again: the rule made
    /// more wrong links than the model (docs/benchmarks.md), and runs before 2026-11-24 used it by default. Call inside
    /// a transaction; answers how many links were undone.
    public func unlinkNameAndBirth(by actor: Actor) async throws -> Int {
        let undone = try await database.raw("""
            UPDATE credential_entries SET student_id = NULL, link_method = NULL WHERE link_method = 'name_birth' RETURNING id
            """).all().count
        try await AuditLog(database).append(AuditEvent(action: "unlink_holders", entity: "credential_register", entityID: "",
                                                       after: "\(undone) links by name and birth date undone"), by: actor)
        return undone
    }

    /// The entries still unlinked, by serial (the first `limit` of them when given): to review, several students
    /// alike, or none matching. Holders' names and birth dates are personal data: the listing is an audit event, with
    /// the serials shown on a page, or how many were listed in full.
    public func unlinked(limit: Int? = nil, by actor: Actor) async throws -> [Unlinked] {
        struct Row: Decodable { let serial: String; let fullName: String; let dateOfBirth: String; let alike: Int; let proposed: Int }
        let unlinked = try await database.raw("""
            SELECT serial, full_name, date_of_birth, (SELECT COUNT(*) FROM students s WHERE \(unsafeRaw: Self.sameNameAndBirth)) AS alike,
                (SELECT COUNT(*) FROM credential_holder_candidates c WHERE c.entry_id = credential_entries.id AND c.status = 'pending') AS proposed
            FROM credential_entries WHERE student_id IS NULL ORDER BY serial \(unsafeRaw: limit.map { "LIMIT \(max($0, 0))" } ?? "")
            """).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase).map {
                Unlinked(serial: $0.serial, fullName: $0.fullName, dateOfBirth: $0.dateOfBirth,
                         reason: $0.proposed > 0 ? .toReview : $0.alike > 1 ? .ambiguous : .noMatch)
            }
        try await AuditLog(database).append(AuditEvent(action: "read", entity: "credential_unlinked_holders", entityID: "",
                                                       after: limit == nil ? "\(unlinked.count) listed" : unlinked.map(\.serial).joined(separator: " ")),
                                            by: actor)
        return unlinked
    }

    /// A student with the entry's folded name and birth date, whose personal ID and gender (when both know them) are
    /// the entry's.
    private static let sameNameAndBirth = """
        s.name_key = credential_entries.name_key AND s.date_of_birth = credential_entries.date_of_birth
        AND (credential_entries.national_id_hash IS NULL OR s.national_id_hash IS NULL OR s.national_id_hash = credential_entries.national_id_hash)
        AND (credential_entries.gender IS NULL OR s.gender = credential_entries.gender)
        """
}
