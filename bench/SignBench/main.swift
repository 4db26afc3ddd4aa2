import _CryptoExtras
import Crypto
import Documents
import EduCore
import Foundation
import Platform
import Signing
import Storage

// Signing benchmark: sign and verify throughput of the keys the platform signs with (through
// `SigningKey` and swift-certificates' signature check, the paths CMS signing and verifying take),
// and transparency-log appends into the database named by EDUVN_DATABASE_URL.
// Then one-page diplomas rendered from the sample template and PAdES-signed one by one (the issuing
// day of a school). Usage: signbench [LOG_ENTRIES] [PDFS]   (defaults 100000 and 10000; run from the
// package root, which holds the template). bench/sign.sh adds `openssl speed` for the ratio.

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
    // Off the main actor, as a request handler calls it: the top level's closures would hop to it and back each time.
    let (signs, verifies) = try await Task.detached {
        let signature = try await key.sign(message)
        let signs = try await throughput { _ = try await key.sign(message) }
        let publicKey = key.publicKey, algorithm = key.algorithm.certificateSignatureAlgorithm
        let verifies = await throughput { precondition(publicKey.isValidSignature(signature, for: message, signatureAlgorithm: algorithm)) }
        return (signs, verifies)
    }.value
    print("\(label) sign/s \(Int(signs)) verify/s \(Int(verifies))")
}

// Diplomas: render one page per student, then sign it with a seal (ECDSA P-256), as `eduvn sign pdf` does.
let pdfCount = CommandLine.arguments.dropFirst(2).first.flatMap(Int.init) ?? 10_000
let template = try DocumentTemplate(json: try Data(contentsOf: URL(fileURLWithPath: "Tests/DocumentsTests/Templates/bang-tot-nghiep-thpt.json")))
let sample = try JSONDecoder().decode([String: TemplateValue].self,
                                      from: try Data(contentsOf: URL(fileURLWithPath: "Tests/DocumentsTests/Templates/bang-tot-nghiep-thpt.sample.json")))
let seal = try DemoPKI(department: "Sở Giáo dục và Đào tạo Hải Phòng").issue(for: .seal(unit: "Sở Giáo dục và Đào tạo Hải Phòng"))
let pades = PAdESSigner(signer: try seal.signer())
var rendering = Duration.zero, signing = Duration.zero, signedBytes = 0
for index in 0..<pdfCount {
    var fields = sample
    fields["so_vao_so"] = .text("031/2026/THPT-\(index)")
    fields["ho_ten"] = .text("Nguyễn Văn \(index)")
    fields["so_hieu"] = .text("DEMO-\(index)")
    var pdf: [UInt8] = []
    rendering += try clock.measure { pdf = try PDFRenderer().render(template: template, document: fields).bytes }
    signing += try await clock.measure { signedBytes += try await pades.sign(pdf).count }
}
print("pdf: \(pdfCount) one-page diplomas: render \(String(format: "%.2f", seconds(rendering) * 1000 / Double(pdfCount))) ms, "
      + "PAdES sign \(String(format: "%.2f", seconds(signing) * 1000 / Double(pdfCount))) ms per document; "
      + "\(signedBytes / max(pdfCount, 1)) bytes signed")

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
// Consistency from 1,000 earlier sizes spread over the log to its final size, as a monitor asks after each checkpoint.
var consistencyHashes = 0, consistencyProofs = 0
let provingConsistency = try await clock.measure {
    for oldSize in stride(from: max(1, size / 1000), to: size, by: Int(max(1, size / 1000))) {
        consistencyHashes += try await log.consistencyProof(from: oldSize, to: size).path.count
        consistencyProofs += 1
    }
}
if consistencyProofs > 0 {
    print("log size \(size): consistency proof \(consistencyHashes / consistencyProofs) hashes (\(consistencyHashes / consistencyProofs * 32) bytes), "
          + String(format: "%.2f ms", seconds(provingConsistency) * 1000 / Double(consistencyProofs)) + " each from the database")
}
await database.close()

extension LogAuditReport {
    var entries: UInt64 {
        switch self {
        case .intact(let entries, _, _): entries
        case .broken(let finding): fatalError("the log is broken: \(finding.error)")
        }
    }
}
