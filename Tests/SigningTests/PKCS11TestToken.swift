import Foundation
import Signing
import Testing
import X509

/// A SoftHSM2 token made for this test process in a temporary folder (no root, nothing left in
/// /var/lib/softhsm): one key pair per algorithm generated on it, each with a DEMO certificate stored
/// beside it, plus a second token that is never logged in to.
struct PKCS11TestToken: Sendable {
    struct Key: Sendable {
        let label: String
        let id: [UInt8]
        let certificate: Certificate
    }

    static let module = "/usr/lib/softhsm/libsofthsm2.so"
    static let utility = "/usr/bin/softhsm2-util"
    static let label = "eduvn-test"
    /// PKCS#11 logs the whole process in to a token: once any session is logged in, C_Login on that
    /// token succeeds whatever the PIN. A wrong PIN can only be seen on a token nobody logged in to.
    static let untouchedLabel = "eduvn-untouched"
    static let pin = "246810"
    private static let securityOfficerPIN = "13579135"
    private static let folder = FileManager.default.temporaryDirectory.appendingPathComponent("eduvn-softhsm-\(UUID().uuidString)")

    /// On a developer's machine without SoftHSM2 the token tests are skipped; under CI=true they run and
    /// fail, since CI must check tokens.
    static let canRun = isInstalled || ProcessInfo.processInfo.environment["CI"] == "true"
    static let skipReason: Comment = "softhsm2 is not installed (scripts/install-deps installs it); under CI=true these tests run and fail instead"
    private static var isInstalled: Bool {
        FileManager.default.isExecutableFile(atPath: utility) && FileManager.default.fileExists(atPath: module)
    }

    /// Made once per process: SoftHSM2 reads SOFTHSM2_CONF when the module is first initialised, and the
    /// module stays loaded. Every token test starts here, before it touches the module.
    static let shared = Result { try PKCS11TestToken() }

    let pki: DemoPKI
    /// Writable and logged in, for tests that put more keys on the token.
    let session: PKCS11Session
    let keys: [SigningAlgorithm: Key]

    private init() throws {
        guard Self.isInstalled else {
            throw SetupFailure(description: "softhsm2 is not installed: \(Self.utility) or \(Self.module) is missing")
        }
        let tokens = Self.folder.appendingPathComponent("tokens")
        try FileManager.default.createDirectory(at: tokens, withIntermediateDirectories: true)
        // Every test of the process uses the token, so it goes only when the process ends.
        atexit { try? FileManager.default.removeItem(at: PKCS11TestToken.folder) }
        let configuration = Self.folder.appendingPathComponent("softhsm2.conf")
        try "directories.tokendir = \(tokens.path)\nobjectstore.backend = file\nlog.level = ERROR\n"
            .write(to: configuration, atomically: true, encoding: .utf8)
        // The one setenv of the test process, made before the module's first C_Initialize reads it.
        setenv("SOFTHSM2_CONF", configuration.path, 1)
        try Self.initialiseToken(label: Self.label)
        try Self.initialiseToken(label: Self.untouchedLabel)

        session = try PKCS11Session(modulePath: Self.module, tokenLabel: Self.label, pin: Self.pin, writable: true)
        pki = try Demo.pki()
        var keys: [SigningAlgorithm: Key] = [:]
        for algorithm in SigningAlgorithm.allCases {
            let label = "signer-\(algorithm.rawValue)", id = Self.randomID()
            // 2048 bits: what most USB tokens offer, and the least the platform accepts.
            let publicKey = try session.generateKeyPair(algorithm, label: label, id: id, rsaModulusBits: 2048)
            let certificate = try pki.certificate(for: Demo.teacher, publicKey: publicKey)
            try session.store(certificate, label: label, id: id)
            keys[algorithm] = Key(label: label, id: id, certificate: certificate)
        }
        self.keys = keys
    }

    /// A fresh CKA_ID.
    static func randomID() -> [UInt8] {
        (0..<16).map { _ in UInt8.random(in: .min ... .max) }
    }

    private static func initialiseToken(label: String) throws {
        let run = try OpenSSL.run(URL(fileURLWithPath: utility),
                                  ["--init-token", "--free", "--label", label, "--pin", pin, "--so-pin", securityOfficerPIN],
                                  in: folder)
        guard run.status == 0 else { throw SetupFailure(description: "softhsm2-util --init-token --label \(label): \(run.output)") }
    }

    struct SetupFailure: Error, CustomStringConvertible {
        let description: String
    }
}
