import EduCore
import Foundation
import SQLKit
import Storage
import X509

/// What a signer signs for.
public enum SignerKind: String, Sendable, Codable {
    /// A unit's or school's seal certificate (chứng thư số con dấu).
    case seal
    /// A member of staff signing in person.
    case person
}

/// Who a signer's certificate is bound to in the registry; at most one is set.
public struct SignerBinding: Sendable, Equatable {
    public var unitID: Int?
    public var schoolID: Int?
    public var staffID: Int?

    public init(unitID: Int? = nil, schoolID: Int? = nil, staffID: Int? = nil) {
        self.unitID = unitID
        self.schoolID = schoolID
        self.staffID = staffID
    }
}

/// One line of `eduvn pki list`.
public struct SignerSummary: Sendable, Equatable, Decodable {
    public let name: String
    public let kind: String
    public let subject: String
    public let notAfter: String
    public let isDemo: Bool

    public init(name: String, kind: String, subject: String, notAfter: String, isDemo: Bool) {
        self.name = name
        self.kind = kind
        self.subject = subject
        self.notAfter = notAfter
        self.isDemo = isDemo
    }

    /// `eduvn pki list`'s line: name, kind, subject, valid-until, tab-separated. A subject is the CA's text and a name
    /// the importer's, so a tab, a line break or a backslash inside a field is written escaped (`\t`, `\n`, `\r`, `\\`):
    /// a line is always one signer of four fields.
    public var listLine: String {
        [name, kind, subject, notAfter].map { field in
            field.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\t", with: "\\t")
                .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
        }.joined(separator: "\t")
    }
}

/// Keys and certificates the platform signs with, the trust anchors it accepts, and the CAs it runs.
/// Private keys are sealed with the data key before they reach the database.
public struct SignerStore: Sendable {
    private let database: any SQLDatabase
    private let cipher: PersonalDataCipher
    /// Whether DEMO roots are trust anchors and DEMO signers may sign (`EDUVN_TRUST_DEMO`): yes on a
    /// developer's machine, no in production, where only roots added with `pki trust` count.
    private let trustsDemo: Bool
    /// Asked about certificates that other CAs issued (ours are answered from ``RevocationStore``): OCSP and CRLs
    /// over HTTP at the edge; offline by default, where their status is unknown and signing goes ahead.
    private let otherRevocation: any RevocationChecker

    public init(_ database: any SQLDatabase, cipher: PersonalDataCipher, trustsDemo: Bool = true,
                otherRevocation: any RevocationChecker = CRLRevocationChecker(source: OfflineCRLSource())) {
        self.database = database
        self.cipher = cipher
        self.trustsDemo = trustsDemo
        self.otherRevocation = otherRevocation
    }

    /// The same store on another connection, such as a transaction's (on SQLite a query outside the transaction
    /// would wait for the connection the transaction holds).
    public func on(_ database: any SQLDatabase) -> SignerStore {
        SignerStore(database, cipher: cipher, trustsDemo: trustsDemo, otherRevocation: otherRevocation)
    }

    /// Revocation as verifiers here check it: our CAs' list first, then `otherRevocation`.
    public func revocationChecker() async throws -> LocalRevocationChecker {
        try await RevocationStore(database, cipher: cipher).checker(otherwise: otherRevocation)
    }

    /// What verifying a signature needs: the trust anchors and the revocation checker.
    public func documentVerifier() async throws -> DocumentVerifier {
        DocumentVerifier(trustedRoots: try await trustAnchors(), revocation: try await revocationChecker())
    }

    public func addSigner(name: String, kind: SignerKind, key: CertifiedKey, binding: SignerBinding, isDemo: Bool) async throws {
        try await database.raw("""
            INSERT INTO signers (name, kind, subject, chain_pem, key_enc, not_after, unit_id, school_id, staff_id, is_demo, created_at)
            VALUES (\(bind: name), \(bind: kind.rawValue), \(bind: key.certificate.subject.description),
                    \(bind: try CertificateFile.pem([key.certificate] + key.intermediates)), \(bind: try cipher.seal(key.key.pkcs8PEM)),
                    \(bind: Timestamp.string(key.certificate.notValidAfter)), \(bind: binding.unitID), \(bind: binding.schoolID),
                    \(bind: binding.staffID), \(bind: isDemo), \(bind: Timestamp.now))
            """).run()
    }

    /// What the signer called `name` signs for; nil when there is none.
    public func binding(named name: String) async throws -> (kind: SignerKind, binding: SignerBinding)? {
        struct Row: Decodable { let kind: String; let unitId: Int?; let schoolId: Int?; let staffId: Int? }
        guard let row = try await database.raw("SELECT kind, unit_id, school_id, staff_id FROM signers WHERE name = \(bind: name)")
            .first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase), let kind = SignerKind(rawValue: row.kind)
        else { return nil }
        return (kind, SignerBinding(unitID: row.unitId, schoolID: row.schoolId, staffID: row.staffId))
    }

    public func signerNames() async throws -> Set<String> {
        Set(try await database.raw("SELECT name FROM signers").all().map { try $0.decode(column: "name", as: String.self) })
    }

    /// The signers a person may sign with on the web: their own (bound to one of `staffIDs`) and the seals of `schools`.
    public func names(ofStaff staffIDs: Set<Int>, sealsOf schools: Set<Int>) async throws -> [String] {
        guard !staffIDs.isEmpty || !schools.isEmpty else { return [] }
        let staff: SQLQueryString = staffIDs.isEmpty ? "1 = 0" : "(kind = 'person' AND staff_id IN (\(binds: staffIDs.sorted())))"
        let seals: SQLQueryString = schools.isEmpty ? "1 = 0" : "(kind = 'seal' AND school_id IN (\(binds: schools.sorted())))"
        return try await database.raw("SELECT name FROM signers WHERE \(staff) OR \(seals) ORDER BY name")
            .all().map { try $0.decode(column: "name", as: String.self) }
    }

    public func list() async throws -> [SignerSummary] {
        try await database.raw("SELECT name, kind, subject, not_after, is_demo FROM signers ORDER BY name")
            .all(decoding: SignerSummary.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    /// Adds a signer whose key stays on a PKCS#11 token: the row holds the token reference (sealed)
    /// and the certificate chain. The key is opened once with the PIN to check it matches the certificate.
    public func addTokenSigner(name: String, kind: SignerKind, reference: TokenKeyReference, pin: String,
                               certificate: Certificate, intermediates: [Certificate], binding: SignerBinding) async throws {
        try await checkUsable(key: try reference.open(pin: pin), certificate: certificate, intermediates: intermediates)
        try await database.raw("""
            INSERT INTO signers (name, kind, subject, chain_pem, key_enc, not_after, unit_id, school_id, staff_id, is_demo, created_at)
            VALUES (\(bind: name), \(bind: kind.rawValue), \(bind: certificate.subject.description),
                    \(bind: try CertificateFile.pem([certificate] + intermediates)), \(bind: try cipher.seal(reference.uri)),
                    \(bind: Timestamp.string(certificate.notValidAfter)), \(bind: binding.unitID), \(bind: binding.schoolID),
                    \(bind: binding.staffID), \(bind: false), \(bind: Timestamp.now))
            """).run()
    }

    /// Adds a signer from a key and certificate issued by a CA (a PKCS#12 file): the key is sealed at rest.
    public func importSigner(name: String, kind: SignerKind, key: SoftwareSigningKey, certificate: Certificate,
                             intermediates: [Certificate], binding: SignerBinding) async throws {
        try await checkUsable(key: key, certificate: certificate, intermediates: intermediates)
        try await addSigner(name: name, kind: kind, key: CertifiedKey(certificate: certificate, key: key, intermediates: intermediates),
                            binding: binding, isDemo: false)
    }

    /// The key matches the certificate, which is valid now, chains to a trust anchor, is not revoked and may
    /// sign documents: what verifiers of its signatures will ask.
    private func checkUsable(key: any SigningKey, certificate: Certificate, intermediates: [Certificate]) async throws {
        guard key.publicKey == certificate.publicKey else { throw EduError.keyDoesNotMatchCertificate }
        try await checkUsable(certificate, intermediates: intermediates)
    }

    /// Asked before every signature too: a certificate expires or is revoked after it was added. A revocation
    /// status that cannot be found out does not stop signing (a licensed CA's CRL server may be down); the
    /// signature's verifiers will see it.
    private func checkUsable(_ certificate: Certificate, intermediates: [Certificate]) async throws {
        let status = await ChainCheck(trustedRoots: try await trustAnchors(), revocation: try await revocationChecker())
            .status(of: certificate, intermediates: intermediates, at: Date()).status
        guard status == .trusted else {
            throw EduError("signer.certificate", vi: "Chứng thư số không dùng để ký được: \(status.message.vi)",
                           en: "The certificate cannot be used for signing: \(status.message.en)")
        }
    }

    /// The signer's key and chain, ready to sign; `signer.unknown` when no signer has the name. A key on
    /// a token needs its `pin` (`signer.pin_required` without one).
    public func signer(named name: String, pin: String? = nil) async throws -> SignerKey {
        guard let row = try await database.raw("""
            SELECT chain_pem, key_enc FROM signers WHERE name = \(bind: name) AND (is_demo = \(bind: false) OR \(bind: trustsDemo))
            """).first(decoding: StoredKey.self, keyDecodingStrategy: .convertFromSnakeCase)
        else {
            throw EduError("signer.unknown", vi: "Không có người ký hoặc con dấu tên \"\(name)\" (xem eduvn pki list)",
                           en: "No signer or seal is named \"\(name)\" (see eduvn pki list)")
        }
        let chain = try CertificateFile.certificates(fromPEM: row.chainPem)
        try await checkUsable(chain[0], intermediates: Array(chain.dropFirst()))
        let secret = try cipher.open(row.keyEnc)
        let key: any SigningKey
        if let reference = TokenKeyReference(uri: secret) {
            guard let pin else {
                throw EduError("signer.pin_required", vi: "Khoá của \"\(name)\" nằm trên thiết bị ký (token): cần mã PIN",
                               en: "The key of \"\(name)\" is on a token: its PIN is needed")
            }
            key = try reference.open(pin: pin)
        } else {
            key = try SoftwareSigningKey(pkcs8PEM: secret)
        }
        return SignerKey(key: key, certificate: chain[0], intermediates: Array(chain.dropFirst()))
    }

    public func addTrustAnchor(_ certificate: Certificate, isDemo: Bool) async throws {
        try await database.raw("""
            INSERT INTO trust_anchors (fingerprint, subject, certificate_pem, is_demo, created_at)
            VALUES (\(bind: try Self.fingerprint(certificate)), \(bind: certificate.subject.description),
                    \(bind: try CertificateFile.pem([certificate])), \(bind: isDemo), \(bind: Timestamp.now))
            """).run()
    }

    public func trustAnchors() async throws -> [Certificate] {
        let pems = try await database.raw("""
            SELECT certificate_pem FROM trust_anchors WHERE is_demo = \(bind: false) OR \(bind: trustsDemo) ORDER BY id
            """).all()
            .map { try $0.decode(column: "certificate_pem", as: String.self) }
        return try Self.certificates(fromPEMs: pems)
    }

    // Parsed outside the async function: Swift 6.3's optimiser crashes (signal 11, coroutine
    // splitting) on a typed-throws call inside an async function's closure in release builds.
    private static func certificates(fromPEMs pems: [String]) throws -> [Certificate] {
        try pems.flatMap { try CertificateFile.certificates(fromPEM: $0) }
    }

    public func addAuthority(name: String, key: CertifiedKey, isDemo: Bool) async throws {
        try await database.raw("""
            INSERT INTO certificate_authorities (name, chain_pem, key_enc, is_demo, created_at)
            VALUES (\(bind: name), \(bind: try CertificateFile.pem([key.certificate] + key.intermediates)),
                    \(bind: try cipher.seal(key.key.pkcs8PEM)), \(bind: isDemo), \(bind: Timestamp.now))
            """).run()
    }

    public func authority(named name: String) async throws -> CertifiedKey? {
        try await database.raw("SELECT chain_pem, key_enc FROM certificate_authorities WHERE name = \(bind: name)")
            .first(decoding: StoredKey.self, keyDecodingStrategy: .convertFromSnakeCase)?.open(with: cipher)
    }

    /// SHA-256 of the certificate's DER, in hex: how certificates are named in logs and trust lists.
    public static func fingerprint(_ certificate: Certificate) throws -> String {
        Hex.encode(DigestAlgorithm.sha256.hash(try CertificateFile.der(certificate)))
    }

    private struct StoredKey: Decodable {
        let chainPem: String
        let keyEnc: String

        func open(with cipher: PersonalDataCipher) throws -> CertifiedKey {
            let chain = try CertificateFile.certificates(fromPEM: chainPem)
            return CertifiedKey(certificate: chain[0], key: try SoftwareSigningKey(pkcs8PEM: try cipher.open(keyEnc)),
                                intermediates: Array(chain.dropFirst()))
        }
    }
}
