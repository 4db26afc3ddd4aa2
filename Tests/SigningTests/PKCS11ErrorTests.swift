import EduCore
import Signing
import Testing

/// Each way of failing to reach a key ends in its own error, never a crash.
@Suite struct PKCS11ErrorTests {
    @Test func aMissingModuleIsReported() {
        let error = #expect(throws: EduError.self) {
            try PKCS11Session(modulePath: "/nonexistent/libeduvn-no-such-pkcs11.so", tokenLabel: "any", pin: "0000")
        }
        #expect(error?.code == "pkcs11.module")
    }

    @Test(.enabled(if: PKCS11TestToken.canRun, PKCS11TestToken.skipReason))
    func anUnknownTokenIsReported() throws {
        _ = try PKCS11TestToken.shared.get()
        let error = #expect(throws: EduError.self) {
            try PKCS11Session(modulePath: PKCS11TestToken.module, tokenLabel: "no-such-token", pin: PKCS11TestToken.pin)
        }
        #expect(error?.code == "pkcs11.token")
    }

    @Test(.enabled(if: PKCS11TestToken.canRun, PKCS11TestToken.skipReason))
    func aWrongPINIsReported() throws {
        _ = try PKCS11TestToken.shared.get()
        let error = #expect(throws: EduError.self) {
            try PKCS11Session(modulePath: PKCS11TestToken.module, tokenLabel: PKCS11TestToken.untouchedLabel, pin: "999999")
        }
        #expect(error?.code == "pkcs11.pin")
        #expect(error?.message.en.contains("999999") == false)
    }

    @Test(.enabled(if: PKCS11TestToken.canRun, PKCS11TestToken.skipReason),
          arguments: [PKCS11ObjectSelector.label("no-such-key"), .id([0xDE, 0xAD])])
    func anUnknownKeyIsReported(_ selector: PKCS11ObjectSelector) throws {
        let token = try PKCS11TestToken.shared.get()
        let error = #expect(throws: EduError.self) { try token.session.signingKey(selector) }
        #expect(error?.code == "pkcs11.key")
    }

    @Test(.enabled(if: PKCS11TestToken.canRun, PKCS11TestToken.skipReason))
    func twoKeysWithOneLabelAreRefused() throws {
        let token = try PKCS11TestToken.shared.get()
        for _ in 0..<2 {
            _ = try token.session.generateKeyPair(.ecdsaP256SHA256, label: "twin", id: PKCS11TestToken.randomID())
        }
        let error = #expect(throws: EduError.self) { try token.session.signingKey(.label("twin")) }
        #expect(error?.code == "pkcs11.key")
        #expect(error?.message.en.contains("More than one") == true)
    }

    @Test(.enabled(if: PKCS11TestToken.canRun, PKCS11TestToken.skipReason))
    func anRSAKeyUnder2048BitsIsNotGenerated() throws {
        let token = try PKCS11TestToken.shared.get()
        let error = #expect(throws: EduError.self) {
            try token.session.generateKeyPair(.rsaPKCS1SHA256, label: "small", id: PKCS11TestToken.randomID(), rsaModulusBits: 1024)
        }
        #expect(error?.code == "pkcs11.key_unsupported")
        #expect(throws: EduError.self) { try token.session.signingKey(.label("small")) }
    }
}
