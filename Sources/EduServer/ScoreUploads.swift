import Access
import Admissions
import EduCore
import Foundation
import Vapor

/// A campaign's scores file, from the campaign's page or the API: read against the campaign's paper rules (every
/// problem by row and column, nothing stored), then written in one transaction. Only these routes take a large body.
enum ScoreUploads {
    static let maxUpload: ByteCount = "50mb"

    /// For department staff (its routes are grouped behind `RunsAdmissions`); answers how many applications were scored
    /// and how many a paper made ineligible.
    static func load(_ req: Request, campaignID: Int, file: File) async throws -> (scored: Int, ineligible: Int) {
        let actor = try req.actor(), cipher = req.context.cipher
        let store = AdmissionsStore(req.context.database.sql, cipher: cipher)
        _ = try await store.campaign(id: campaignID)
        let subjects = try await store.rules(campaignID: campaignID)?.papers.map(\.subject)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("eduvn-scores-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(buffer: file.data).write(to: URL(fileURLWithPath: path))
        let rows = try ScoreFile.read(path, name: file.filename, subjects: subjects)
        guard !rows.isEmpty else {
            throw EduError("admissions.empty_file", vi: "Tệp không có dòng điểm nào", en: "The file holds no scores")
        }
        return try await req.context.database.transaction { db in
            try await AdmissionsStore(db, cipher: cipher).importScores(rows, subjects: subjects, campaignID: campaignID, by: actor)
        }
    }
}
