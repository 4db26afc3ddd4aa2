import EduCore
import Foundation
@testable import Records
import Signing
import Testing

/// Who must have signed a học bạ another school sends: the homeroom teacher, the principal and the school's seal it
/// names, three different certificates of that school, in any order.
@Suite struct TransferSignersTests {
    static let school = "Trường THCS Chu Văn An"

    func document(teacher: String, principal: String) throws -> HocBa {
        try JSONDecoder().decode(HocBa.self, from: Data("""
            {"formatVersion":1,"regime":"TT22","department":"Sở GDĐT","school":"\(Self.school)","schoolCode":"X1","studentName":"Lê An",
             "dateOfBirth":"01/01/2012","gender":"Nam","className":"6A","grade":6,"schoolYear":"2023-2024","subjects":[],
             "learning":[null,null,null],"conduct":[null,null,null],"homeroomComment":"","homeroomTeacher":"\(teacher)",
             "principal":"\(principal)","version":1,"link":""}
            """.utf8))
    }

    func signer(_ holder: String, of organization: String = school) throws -> SignatureReport.Signer {
        try JSONDecoder().decode(SignatureReport.Signer.self, from: Data("""
            {"subject":"CN=\(holder)","status":"trusted","message":{"vi":"","en":""},"chain":[],"holder":"\(holder)","organization":"\(organization)"}
            """.utf8))
    }

    func code(_ signers: [SignatureReport.Signer], _ document: HocBa) -> String? {
        do { try HocBaStore.requireSignersInTheirRoles(signers, of: document) } catch let error as EduError { return error.code } catch { return "\(error)" }
        return nil
    }

    @Test func theThreeNamedSignersInAnyOrder() throws {
        let document = try document(teacher: "Nguyễn Văn Hùng", principal: "Trần Thị Mai")
        let (teacher, principal, seal) = (try signer("NGUYEN VAN HUNG"), try signer("Trần Thị Mai"), try signer(Self.school))
        #expect(code([teacher, principal, seal], document) == nil)
        #expect(code([principal, seal, teacher], document) == nil, "a province's layout may set another order")
        #expect(code([try signer("Nguyễn Văn Hùng", of: "Trường THCS Lê Lợi"), principal, seal], document) == "hoc_ba.transfer_signers",
                "a teacher of the same name at another school")
        #expect(code([try signer("Phạm Văn Nam"), principal, seal], document) == "hoc_ba.transfer_signers")
        #expect(code([teacher, principal], document) == "hoc_ba.transfer_signers")
    }

    /// A homeroom teacher and a principal of the same name are two people: one certificate does not stand for both.
    @Test func oneCertificateHoldsOneRole() throws {
        let document = try document(teacher: "Lê Văn Cường", principal: "Lê Văn Cường")
        let (person, seal) = (try signer("Lê Văn Cường"), try signer(Self.school))
        #expect(code([person, person, seal], document) == nil, "two certificates of people of that name")
        #expect(code([person, seal, try signer("Đỗ Thị Lan")], document) == "hoc_ba.transfer_signers")
    }

    /// Subjects and qualities carried from another school's record match whatever the case, Unicode form or spacing.
    @Test func carriedNamesMatchLoosely() throws {
        var document = try document(teacher: "A", principal: "B")
        document.primary = HocBa.Primary(subjects: [.init(name: "Tiếng Việt", levels: ["T", "H", nil, nil], tests: [nil, 8, nil, nil])],
                                         qualities: [.init(name: "Chăm chỉ", levels: ["Tốt", nil, nil, nil])], result: nil)
        #expect(document.assessesFirstSemester(of: "tiếng  việt ") && document.assessesFirstSemester(quality: "CHĂM CHỈ"))
        #expect(!document.assessesFirstSemester(quality: "Trung thực") && !document.assessesFirstSemester(of: "Toán"))
    }
}
