import Signing
import SwiftASN1
import X509

/// Shared test data: a department, its schools and staff, and a document to sign.
enum Demo {
    static let department = "Sở Giáo dục và Đào tạo Hải Phòng"
    static let seal = DemoHolder.seal(unit: "Sở GD&ĐT Hải Phòng")
    static let teacher = DemoHolder.person(name: "Nguyễn Thị Hoà", unit: "Trường THPT Trần Phú")
    static let document = Array("Học bạ số – Nguyễn Thị Hoà – lớp 12A1 – năm học 2025-2026\n".utf8)

    static func pki(_ algorithm: SigningAlgorithm = .ecdsaP256SHA256) throws -> DemoPKI {
        try DemoPKI(department: department, algorithm: algorithm)
    }

    static func verifier(trusting pki: DemoPKI) -> CMSVerifier {
        CMSVerifier(trustedRoots: [pki.root.certificate])
    }

    /// The first value of one attribute type in a name, as text.
    static func attribute(_ type: ASN1ObjectIdentifier, of name: DistinguishedName) -> String? {
        name.lazy.flatMap { $0 }.first { $0.type == type }.flatMap { String($0.value) }
    }

    /// The same bytes with one byte changed.
    static func flipping(_ index: Int, in bytes: [UInt8]) -> [UInt8] {
        var changed = bytes
        changed[index] ^= 0x01
        return changed
    }
}
