import _CryptoExtras
import EduCore
@testable import Signing
import Testing

/// RSA keys sign through OpenSSL's libcrypto. RSASSA-PKCS1-v1_5 is deterministic, so its signatures must
/// equal swift-crypto's byte for byte.
@Suite struct RSASigningTests {
    private static func document(_ length: Int) -> [UInt8] {
        (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
    }

    @Test(arguments: [2048, 3072, 4096])
    func libcryptoSignsAsSwiftCryptoDoes(_ bits: Int) async throws {
        let reference = try _RSA.Signing.PrivateKey(keySize: .init(bitCount: bits))
        let fromPEM = try SoftwareSigningKey(pkcs8PEM: reference.pkcs8PEMRepresentation)
        let fromDER = try SoftwareSigningKey(der: Array(reference.derRepresentation))
        for length in [0, 1, 64, 5_000] {
            let document = Self.document(length)
            let expected = Array(try reference.signature(for: document, padding: .insecurePKCS1v1_5).rawRepresentation)
            #expect(expected.count == bits / 8)
            #expect(try await fromPEM.sign(document) == expected)
            #expect(try await fromDER.sign(document) == expected)
        }
    }

    @Test func oneKeySignsFromManyTasksAtOnce() async throws {
        let reference = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let key = try SoftwareSigningKey(pkcs8PEM: reference.pkcs8PEMRepresentation)
        let signatures = try await withThrowingTaskGroup(of: (Int, [UInt8]).self) { group in
            for length in 0..<48 {
                group.addTask { (length, try await key.sign(Self.document(length))) }
            }
            return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
        #expect(signatures.count == 48)
        for (length, signature) in signatures {
            let expected = try reference.signature(for: Self.document(length), padding: .insecurePKCS1v1_5)
            #expect(signature == Array(expected.rawRepresentation))
        }
    }

    @Test func libcryptoItselfSignsAndRefusesWhatIsNotAKey() throws {
        let reference = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let key = try LibCryptoRSAKey(pkcs1DER: Array(reference.derRepresentation))
        let document = Self.document(100)
        #expect(try key.signPKCS1SHA256(document) == Array(try reference.signature(for: document, padding: .insecurePKCS1v1_5).rawRepresentation))
        #expect(throws: EduError.unreadablePrivateKey) { try LibCryptoRSAKey(pkcs1DER: [0x30, 0x03, 0x02, 0x01, 0x00]) }
        #expect(throws: EduError.unreadablePrivateKey) { try LibCryptoRSAKey(pkcs1DER: []) }
    }
}
