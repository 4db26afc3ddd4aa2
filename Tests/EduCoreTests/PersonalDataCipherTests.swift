import Crypto
import EduCore
import Foundation
import Testing

@Suite struct PersonalDataCipherTests {
    let cipher = PersonalDataCipher(dataKey: SymmetricKey(size: .bits256))

    @Test func sealsAndOpens() throws {
        let sealed = try cipher.seal("031307000001")
        #expect(!sealed.contains("031307000001"))
        #expect(try cipher.open(sealed) == "031307000001")
    }

    @Test func sealingTwiceGivesDifferentCiphertexts() throws {
        #expect(try cipher.seal("031307000001") != cipher.seal("031307000001"))
    }

    @Test func lookupHashIsStableAndKeyed() {
        #expect(cipher.lookupHash("031307000001") == cipher.lookupHash("031307000001"))
        #expect(cipher.lookupHash("031307000001") != cipher.lookupHash("031307000002"))
        let other = PersonalDataCipher(dataKey: SymmetricKey(size: .bits256))
        #expect(other.lookupHash("031307000001") != cipher.lookupHash("031307000001"))
    }

    @Test func tamperedCiphertextIsRejected() throws {
        var bytes = Data(base64Encoded: try cipher.seal("031307000001"))!
        bytes[bytes.count - 1] ^= 1
        #expect(throws: (any Error).self) { try cipher.open(bytes.base64EncodedString()) }
    }

    @Test func dataKeyMustBe32Bytes() {
        #expect(throws: EduError.self) { try DataKey.parse("c2hvcnQ=") }
        #expect(throws: Never.self) { try DataKey.parse(DataKey.generate()) }
    }
}
