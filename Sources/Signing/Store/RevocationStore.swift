import EduCore
import Foundation
import SQLKit
import Storage
import X509

/// When our CAs issue CRLs. A CRL is valid for `validity` (its nextUpdate); a request for one finds it reissued once
/// it is older than `refresh`, and a revocation reissues it at once, so what is served is always fresh and lists
/// every revocation made so far. Relying parties that cache a CRL until its nextUpdate see a revocation at most
/// `validity` late: the trade-off every CA makes; one day is common for issuing CAs.
public struct CRLSchedule: Sendable {
    public var validity: TimeInterval
    public var refresh: TimeInterval

    public init(validity: TimeInterval = 24 * 3600, refresh: TimeInterval = 3600) {
        self.validity = validity
        self.refresh = refresh
    }
}

/// Revocations by our own CAs and the CRLs they publish (`GET /crl/NAME.crl`). Only what one of our CAs issued can
/// be revoked here; a licensed CA's certificate is revoked by that CA.
public struct RevocationStore: Sendable {
    private let database: any SQLDatabase
    private let cipher: PersonalDataCipher
    private let schedule: CRLSchedule

    public init(_ database: any SQLDatabase, cipher: PersonalDataCipher, schedule: CRLSchedule = CRLSchedule()) {
        self.database = database
        self.cipher = cipher
        self.schedule = schedule
    }

    /// Revokes the certificate of the signer called `name` and issues its CA's next CRL; run it in a transaction.
    /// `revocation.unknown_signer`, `revocation.not_ours` (another CA issued it), `revocation.already` (revoked before).
    @discardableResult
    public func revoke(signerNamed name: String, reason: RevocationReason, at date: Date = Date()) async throws -> RevokedEntry {
        guard let row = try await database.raw("SELECT chain_pem FROM signers WHERE name = \(bind: name)").first() else {
            throw EduError("revocation.unknown_signer", vi: "Không có người ký hoặc con dấu tên \"\(name)\" (xem eduvn pki list)",
                           en: "No signer or seal is named \"\(name)\" (see eduvn pki list)")
        }
        let certificate = try CertificateFile.certificates(fromPEM: try row.decode(column: "chain_pem", as: String.self))[0]
        guard let authority = try await authorities().first(where: { $0.certificate.issued(certificate) }) else {
            throw EduError("revocation.not_ours",
                           vi: "Chứng thư số của \"\(name)\" không do EduVN cấp: đề nghị tổ chức chứng thực đã cấp thu hồi",
                           en: "The certificate of \"\(name)\" was not issued by EduVN: ask the CA that issued it to revoke it")
        }
        return try await revoke(certificate, named: name, by: authority, reason: reason, at: date)
    }

    /// Revokes one of our CAs (the DEMO issuing CA, say, after its key leaked) on the CRL of the CA above it: every
    /// certificate it issued then verifies as revoked, since chains are checked to the root. A root cannot be revoked
    /// (no one above it): it is removed from the trust anchors instead. Run it in a transaction.
    @discardableResult
    public func revoke(authorityNamed name: String, reason: RevocationReason, at date: Date = Date()) async throws -> RevokedEntry {
        let all = try await authorities()
        guard let target = all.first(where: { $0.name == name }) else {
            throw EduError("revocation.authority", vi: "Không có tổ chức chứng thực \(name)", en: "No CA is named \(name)")
        }
        guard let above = all.first(where: { $0.id != target.id && $0.certificate.issued(target.certificate) }) else {
            throw EduError("revocation.root", vi: "\(name) là CA gốc: không ai thu hồi được, hãy bỏ khỏi danh sách tin cậy",
                           en: "\(name) is a root: no one can revoke it; remove it from the trust anchors instead")
        }
        return try await revoke(target.certificate, named: name, by: above, reason: reason, at: date)
    }

    private func revoke(_ certificate: Certificate, named name: String, by authority: Authority, reason: RevocationReason,
                        at date: Date) async throws -> RevokedEntry {
        // A CRL keeps whole seconds; so does the list, so the two always agree.
        let entry = RevokedEntry(serial: certificate.serialNumber, date: Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)),
                                 reason: reason)
        let serial = Hex.encode(Array(entry.serial.bytes))
        let existing = try await database.raw("""
            SELECT 1 AS n FROM certificate_revocations WHERE authority_id = \(bind: authority.id) AND serial = \(bind: serial)
            """).first()
        guard existing == nil else {
            throw EduError("revocation.already", vi: "Chứng thư số của \"\(name)\" đã bị thu hồi trước đó",
                           en: "The certificate of \"\(name)\" was already revoked")
        }
        try await database.raw("""
            INSERT INTO certificate_revocations (authority_id, serial, subject, reason, revoked_at)
            VALUES (\(bind: authority.id), \(bind: serial), \(bind: certificate.subject.description), \(bind: reason.rawValue),
                    \(bind: Timestamp.string(entry.date)))
            """).run()
        _ = try await issueCRL(of: authority, at: date)
        return entry
    }

    /// What each of our CAs has revoked, by the CA's certificate (empty lists included): the list a
    /// ``LocalRevocationChecker`` answers from.
    public func revokedByAuthority() async throws -> [Certificate: [RevokedEntry]] {
        var result: [Certificate: [RevokedEntry]] = [:]
        let revoked = try await revokedEntries()
        for authority in try await authorities() {
            result[authority.certificate] = revoked[authority.id] ?? []
        }
        return result
    }

    /// Our revocations first; any other issuer goes to `otherwise`.
    public func checker(otherwise: any RevocationChecker) async throws -> LocalRevocationChecker {
        LocalRevocationChecker(revokedByAuthority: try await revokedByAuthority(), otherwise: otherwise)
    }

    /// The DER CRL of the CA called `name` as it should be served now: the latest issued when still fresh, else a
    /// new one. Nil when there is no such CA or it may not sign CRLs (a time-stamp authority). Call it outside a
    /// transaction: two servers issuing at once both end up serving the CRL that was stored first.
    public func currentCRL(authorityNamed name: String, at now: Date = Date()) async throws -> [UInt8]? {
        guard let authority = try await authorities().first(where: { $0.name == name }),
              authority.certificate.allowsCRLSigning else { return nil }
        if let latest = try await latestCRL(of: authority.id), latest.thisUpdate > now.addingTimeInterval(-schedule.refresh) {
            return latest.der
        }
        return try await issueCRL(of: authority, at: now)
    }

    /// A number another server took first is skipped: the CRL is made again under the next one, so it lists every
    /// revocation this transaction sees.
    private func issueCRL(of authority: Authority, at now: Date) async throws -> [UInt8] {
        let thisUpdate = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        let nextUpdate = thisUpdate.addingTimeInterval(schedule.validity)
        let key = try await keyOf(authority)
        let revoked = try await revokedEntries()[authority.id] ?? []
        for _ in 0..<3 {
            let number = (try await latestCRL(of: authority.id)?.number ?? 0) + 1
            let der = try await CRLIssuer.makeCRL(issuer: key, revoked: revoked, number: number, thisUpdate: thisUpdate, nextUpdate: nextUpdate)
            let stored = try await database.raw("""
                INSERT INTO issued_crls (authority_id, number, this_update, next_update, der)
                VALUES (\(bind: authority.id), \(bind: number), \(bind: Timestamp.string(thisUpdate)), \(bind: Timestamp.string(nextUpdate)),
                        \(bind: Data(der)))
                ON CONFLICT DO NOTHING
                RETURNING number
                """).first()
            if stored != nil { return der }
        }
        throw EduError("revocation.crl_busy", vi: "Không cấp được CRL lúc này: thử lại", en: "No CRL could be issued just now: try again")
    }

    private struct Authority {
        let id: Int
        let name: String
        let certificate: Certificate
    }

    private func authorities() async throws -> [Authority] {
        struct Row: Decodable { let id: Int; let name: String; let chainPem: String }
        let rows = try await database.raw("SELECT id, name, chain_pem FROM certificate_authorities ORDER BY id")
            .all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        return try rows.map { Authority(id: $0.id, name: $0.name, certificate: try CertificateFile.certificates(fromPEM: $0.chainPem)[0]) }
    }

    private func keyOf(_ authority: Authority) async throws -> CertifiedKey {
        guard let key = try await SignerStore(database, cipher: cipher).authority(named: authority.name) else {
            throw EduError("revocation.authority", vi: "Không có tổ chức chứng thực \(authority.name)", en: "No CA is named \(authority.name)")
        }
        return key
    }

    private func revokedEntries() async throws -> [Int: [RevokedEntry]] {
        struct Row: Decodable { let authorityId: Int; let serial: String; let reason: Int; let revokedAt: String }
        let rows = try await database.raw("SELECT authority_id, serial, reason, revoked_at FROM certificate_revocations ORDER BY id")
            .all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        var result: [Int: [RevokedEntry]] = [:]
        for row in rows {
            guard let serial = Hex.decode(row.serial), let reason = RevocationReason(rawValue: row.reason),
                  let date = try? Date(row.revokedAt, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
            else { throw EduError("revocation.corrupt", vi: "Danh sách thu hồi bị hỏng", en: "The revocation list is damaged") }
            result[row.authorityId, default: []].append(
                RevokedEntry(serial: Certificate.SerialNumber(bytes: serial[...]), date: date, reason: reason))
        }
        return result
    }

    private func latestCRL(of authorityID: Int) async throws -> (number: Int, thisUpdate: Date, der: [UInt8])? {
        struct Row: Decodable { let number: Int; let thisUpdate: String; let der: Data }
        guard let row = try await database.raw("""
            SELECT number, this_update, der FROM issued_crls WHERE authority_id = \(bind: authorityID) ORDER BY number DESC LIMIT 1
            """).first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase) else { return nil }
        let thisUpdate = try Date(row.thisUpdate, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        return (row.number, thisUpdate, Array(row.der))
    }
}

extension Certificate {
    /// Whether this CA certificate issued `certificate`: the names chain and its key made the signature.
    func issued(_ certificate: Certificate) -> Bool {
        certificate.issuer == subject && publicKey.isValidSignature(certificate.signature, for: certificate)
    }
}
