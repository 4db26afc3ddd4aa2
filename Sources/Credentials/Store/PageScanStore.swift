import Access
import EduCore
import Foundation
import SQLKit
import Storage

/// Scanned register pages on the database (migration 0039): each stored once by its SHA-256, each entry pointing to
/// the page it was transcribed from. Pages are never replaced or deleted; reading one is audited, as a page names
/// many people.
public struct PageScanStore: Sendable {
    private let database: any SQLDatabase

    public init(_ database: any SQLDatabase) {
        self.database = database
    }

    /// Stores the named scans (`wanted`: name → the first row naming it) and returns each one's id by name, and how many
    /// pages were new (a page already stored byte for byte is not stored again). Files are read one at a time, so
    /// memory does not grow with the number of pages; one that changed since it was checked is that row's problem.
    func store(_ wanted: [String: Int], from folder: ScanFolder, by actor: Actor) async throws -> (ids: [String: Int], stored: Int) {
        var ids: [String: Int] = [:], stored = 0
        for (name, row) in wanted.sorted(by: { $0.value < $1.value }) {
            let scan: PageScan
            do {
                scan = try folder.scan(name)
            } catch let error as EduError {
                throw InputRejected([RowProblem(row: row, column: "page_image", value: name, reason: error.message)])
            }
            let (id, new) = try await store(scan, name: name, by: actor)
            ids[name] = id
            if new { stored += 1 }
        }
        return (ids, stored)
    }

    /// Stores one page unless the same bytes are stored already; its id, and whether it was new.
    func store(_ scan: PageScan, name: String, by actor: Actor) async throws -> (id: Int, new: Bool) {
        struct Row: Decodable { let id: Int }
        if let new = try await database.raw("""
            INSERT INTO credential_page_scans (sha256, media_type, size, content, file_name, added_at, added_by)
            VALUES (\(bind: scan.sha256), \(bind: scan.mediaType.rawValue), \(bind: scan.content.count), \(bind: Data(scan.content)),
                    \(bind: name), \(bind: Timestamp.now), \(bind: actor.name))
            ON CONFLICT (sha256) DO NOTHING RETURNING id
            """).first(decoding: Row.self) {
            return (new.id, true)
        }
        guard let stored = try await database.raw("SELECT id FROM credential_page_scans WHERE sha256 = \(bind: scan.sha256)").first(decoding: Row.self) else {
            throw EduError("scans.lost", vi: "Không lưu được ảnh trang sổ \(name)", en: "The page scan \(name) could not be stored")
        }
        return (stored.id, false)
    }

    /// Attaches a scanned page to an entry registered without one (an entry's page is never replaced): the page is
    /// stored unless the same bytes are, and the attachment audited. Run in a transaction.
    public func attach(_ scan: PageScan, name: String, toEntry entryID: Int, by actor: Actor) async throws {
        struct Row: Decodable { let pageScanId: Int? }
        guard let entry = try await database.raw("SELECT page_scan_id FROM credential_entries WHERE id = \(bind: entryID)")
            .first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase) else { throw RegisterStore.unknownSerial }
        guard entry.pageScanId == nil else { throw Self.alreadyAttached }
        let (pageID, _) = try await store(scan, name: name, by: actor)
        // `page_scan_id IS NULL` again: an attachment that slipped in since the check wins, and this one is refused.
        struct Updated: Decodable { let id: Int }
        guard try await database.raw("""
            UPDATE credential_entries SET page_scan_id = \(bind: pageID) WHERE id = \(bind: entryID) AND page_scan_id IS NULL RETURNING id
            """).first(decoding: Updated.self) != nil else { throw Self.alreadyAttached }
        try await AuditLog(database).append(AuditEvent(action: "attach_page_scan", entity: "credential_entry", entityID: String(entryID),
                                                       after: "page \(pageID), \(scan.sha256)"), by: actor)
    }

    static let alreadyAttached = EduError("scans.attached", vi: "Văn bằng này đã có ảnh trang sổ gốc; ảnh không bao giờ bị thay",
                                          en: "This entry already has its page scan; a page is never replaced")

    /// A stored page, for staff; the read is audited.
    public func scan(id: Int, by actor: Actor) async throws -> StoredPageScan? {
        struct Row: Decodable { let mediaType: String; let content: Data }
        guard let row = try await database.raw("SELECT media_type, content FROM credential_page_scans WHERE id = \(bind: id)")
            .first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase),
              let mediaType = PageScan.MediaType(rawValue: row.mediaType) else { return nil }
        try await AuditLog(database).append(AuditEvent(action: "read", entity: "credential_page_scan", entityID: String(id)), by: actor)
        return StoredPageScan(id: id, mediaType: mediaType, content: [UInt8](row.content))
    }
}

/// Problems with the scans an import's rows name, a chunk of rows at a time: a file that cannot be used, a scan named
/// without a folder to find it in, and a registered entry that already has another page. Each file is looked at once
/// however many rows name it.
struct PageScanCheck {
    let folder: ScanFolder?
    private var fileProblems: [String: Bilingual?] = [:], hashes: [String: String] = [:]

    init(folder: ScanFolder?) {
        self.folder = folder
    }

    /// `storedPages`: serial → SHA-256 of the page already attached to that entry.
    mutating func check(_ rows: [RegisterFile.Row], storedPages: [String: String]) -> [RowProblem] {
        var problems: [RowProblem] = []
        for row in rows {
            guard let name = row.pageImage else { continue }
            func problem(_ reason: Bilingual) { problems.append(RowProblem(row: row.row, column: "page_image", value: name, reason: reason)) }
            guard let folder else {
                problem(Bilingual(vi: "Có tên ảnh trang sổ nhưng không có thư mục ảnh", en: "A page scan is named but no scans folder was given"))
                continue
            }
            if fileProblems[name] == nil { fileProblems[name] = .some(folder.problem(name)) }
            if let reason = fileProblems[name]! {
                problem(reason)
            } else if let stored = storedPages[row.entry.serial] {
                if hashes[name] == nil { hashes[name] = (try? folder.scan(name))?.sha256 ?? "" }
                if hashes[name] != stored {
                    problem(Bilingual(vi: "Văn bằng này đã gắn một ảnh trang sổ khác", en: "This entry already has another page scan"))
                }
            }
        }
        return problems
    }
}
