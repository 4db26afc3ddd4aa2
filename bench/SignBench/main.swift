import _CryptoExtras
import Crypto
import EduCore
import Foundation
import Platform
import Signing
import Storage

// Signing benchmark: sign and verify throughput of the keys the platform signs with (through
// `SigningKey` and swift-certificates' signature check, the paths CMS signing and verifying take),
// and transparency-log appends into the database named by EDUVN_DATABASE_URL.
// Usage: signbench [LOG_ENTRIES]   (default 100000). bench/sign.sh adds `openssl speed` for the ratio.

let clock = ContinuousClock()
let message = Array("EduVN benchmark: 32 bytes or so..".utf8)

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// Runs `body` for about two seconds and answers operations per second.
func throughput(_ body: () async throws -> Void) async rethrows -> Double {
    var count = 0
    let start = clock.now
    while clock.now - start < .seconds(2) {
        for _ in 0..<20 { try await body() }
        count += 20
    }
    return Double(count) / seconds(clock.now - start)
}

let keys: [(String, SoftwareSigningKey)] = [
    ("ecdsap256", try SoftwareSigningKey.generate(.ecdsaP256SHA256)),
    ("rsa2048", try SoftwareSigningKey(pkcs8PEM: try _RSA.Signing.PrivateKey(keySize: .bits2048).pkcs8PEMRepresentation)),
]
for (label, key) in keys {
    let signature = try await key.sign(message)
    let signs = try await throughput { _ = try await key.sign(message) }
    let verifies = await throughput {
        precondition(key.publicKey.isValidSignature(signature, for: message, signatureAlgorithm: key.algorithm.certificateSignatureAlgorithm))
    }
    print("\(label) sign/s \(Int(signs)) verify/s \(Int(verifies))")
}

// The transparency log in the database: appends in batches, then proofs at the final size.
let entries = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 100_000
let configuration = try Configuration.load()
let database = try await configuration.openDatabase()
let cipher = configuration.cipher
let batch = 1000
let appending = try await clock.measure {
    for start in stride(from: 0, to: entries, by: batch) {
        let texts = (start..<min(start + batch, entries)).map {
            TransparencyLog.entry(kind: "bench", document: Array("document \($0)".utf8), signature: [0], signer: "bench")
        }
        _ = try await database.transaction { db in try await TransparencyLog(db, cipher: cipher).append(texts) }
    }
}
print("log append: \(entries) entries in batches of \(batch): \(Int(Double(entries) / seconds(appending))) entries/s")
let log = TransparencyLog(database.sql, cipher: cipher)
let size = UInt64(try await log.audit().entries)
var hashes = 0, proofs = 0
let proving = try await clock.measure {
    for index in stride(from: 0, to: size, by: Int(max(1, size / 1000))) {
        hashes += try await log.inclusionProof(leafIndex: index, treeSize: size).path.count
        proofs += 1
    }
}
print("log size \(size): inclusion proof \(hashes / proofs) hashes (\(hashes / proofs * 32) bytes), "
      + String(format: "%.2f ms", seconds(proving) * 1000 / Double(proofs)) + " each from the database")
await database.close()

extension LogAuditReport {
    var entries: UInt64 {
        switch self {
        case .intact(let entries, _, _): entries
        case .broken(let finding): fatalError("the log is broken: \(finding.error)")
        }
    }
}
