import Access
import EduCore
import EduServer
import Foundation
import Records
import Signing
import SQLKit
import Testing
import Vapor
import VaporTesting

/// The page a học bạ's QR code opens: the minimum, the signatures' validity, and a warning once a newer version exists.
@Suite struct HocBaPageTests {
    @Test func theLinkShowsTheMinimumAndANewerVersion() async throws {
        try await ServerFixture.with { fixture in
            let db = fixture.db.database, cipher = fixture.db.cipher
            let classID = fixture.inside.schoolClass, student = fixture.inside.student
            try await db.transaction { tx in try await DemoYear.fill(classID: classID, tx) }
            try await fixture.issueDemoSigners()
            let store = try HocBaStore(db, cipher: cipher, publicURL: "https://eduvn.example.vn")
            let signers = SignerStore(db.sql, cipher: cipher)
            let actor = Actor(name: "test", origin: "test")
            let first = try await store.draft(studentID: student, classID: classID, by: actor)
            #expect(first.document.link.hasPrefix("https://eduvn.example.vn/hb/"))
            let code = String(first.document.link.suffix(10))
            let tester = try fixture.app.testing()

            try await tester.test(.GET, "/hb/\(code)") { response in
                #expect(response.status == .ok)
                #expect(response.body.string.contains(fixture.inside.studentName))
                #expect(response.body.string.contains("Chưa có chữ ký"))
            }
            let timestamping = try await SignatureTimestamping.configured(url: nil, signers: signers)
            for turn in HocBaSigner.allCases {
                let name = try #require(try await Self.signer(for: turn, classID: classID, db.sql))
                _ = try await store.sign(documentID: first.id, signerName: name, timestamping: timestamping, signers: signers, by: actor)
            }
            try await tester.test(.GET, "/hb/\(code.lowercased())") { response in
                #expect(response.status == .ok)
                #expect(response.body.string.contains("Đã ký đủ") && response.body.string.contains("Hợp lệ"))
                #expect(!response.body.string.contains("Đã có phiên bản mới hơn"))
                #expect(!response.body.string.contains("Toán"), "no marks on the public page")
            }
            _ = try await store.draft(studentID: student, classID: classID, by: actor)
            try await tester.test(.GET, "/hb/\(code)") { response in
                #expect(response.body.string.contains("Đã có phiên bản mới hơn"))
            }
            try await tester.test(.GET, "/hb/0000000000") { response in #expect(response.status == .notFound) }
            let reads = try await AuditLog(db.sql).entries(entity: "hoc_ba", entityID: String(first.id))
            #expect(reads.filter { $0.action == "read_public" }.count == 3)
        }
    }

    static func signer(for turn: HocBaSigner, classID: Int, _ sql: any SQLDatabase) async throws -> String? {
        let query: SQLQueryString = switch turn {
        case .teacher: "SELECT s.name FROM signers s JOIN classes c ON c.homeroom_staff_id = s.staff_id WHERE c.id = \(bind: classID)"
        case .principal: """
            SELECT s.name FROM signers s JOIN staff f ON f.id = s.staff_id JOIN classes c ON c.school_id = f.school_id
            WHERE c.id = \(bind: classID) AND f.position = 'Hiệu trưởng' ORDER BY f.id LIMIT 1
            """
        case .seal: "SELECT s.name FROM signers s JOIN classes c ON c.school_id = s.school_id WHERE c.id = \(bind: classID) AND s.kind = 'seal'"
        }
        return try await sql.raw(query).first().map { try $0.decode(column: "name", as: String.self) }
    }
}
