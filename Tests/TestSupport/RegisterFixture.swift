import Credentials
import EduCore
import Platform
import Signing
import Storage

extension TestDatabase {
    /// A register of two THPT entries, checked against the paper register — Nguyễn Văn An (AB0012345, born 1987-03-04) and Trần Thị Bình (AB0012346,
    /// revoked) — and the DEMO PKI's first two signers: the department's seal and a school's. Call after `loadDemo`.
    public func loadRegisterAndSeals() async throws -> (departmentSeal: String, schoolSeal: String) {
        let path = try Self.csv(
            ["credential_type", "serial", "register_number", "full_name", "date_of_birth", "gender", "birthplace", "school", "graduation_year",
             "decision_number", "decision_date", "ethnicity", "signer"],
            [["THPT", "AB0012345", "123/2005", "Nguyễn Văn An", "1987-03-04", "Nam", "Hải Phòng", "THPT Trần Phú", "2005", "456/QĐ-SGDĐT", "2005-07-20",
              "Kinh", "Phạm Văn Giám"],
             ["THPT", "AB0012346", "124/2005", "Trần Thị Bình", "1987-11-12", "Nữ", "Hải Dương", "THPT Trần Phú", "2005", "456/QĐ-SGDĐT", "2005-07-20",
              "", ""]])
        let rows = try RegisterFile.read(path, today: CalendarDate(year: 2026, month: 11, day: 23)!).rows
        let cipher = self.cipher
        return try await database.transaction { sql in
            let register = RegisterStore(sql, cipher: cipher)
            _ = try await register.importEntries(rows, issuer: "Sở Giáo dục và Đào tạo Hải Phòng", verification: "Biên bản đối chiếu 1/2026",
                                                dryRun: false, by: .commandLine)
            try await register.revoke(entryID: try await register.entryID(serial: "AB0012346")!, ground: .issuerError, decisionNumber: "9/QĐ",
                                      decisionDate: CalendarDate(year: 2026, month: 11, day: 20)!, by: .commandLine)
            let (department, requests) = try await DemoSigners.requests(sql)
            _ = try await SignerStore(sql, cipher: cipher).initialiseDemo(department: department, requests: Array(requests.prefix(2)),
                                                                          publicURL: "http://127.0.0.1:8080")
            return (requests[0].name, requests[1].name)
        }
    }
}
