import Access
import Credentials
import EduCore
import Quality
import Records
import Registry
import Signing
import Storage
import Vapor

/// What every request handler needs: the database, the personal-data cipher and the password hasher.
public struct AppContext: Sendable {
    public let database: EduDatabase
    public let cipher: PersonalDataCipher
    public let hasher: any Access.PasswordHasher
    /// Session cookies carry `Secure` unless the server listens on loopback only (a developer's machine).
    public let secureCookies: Bool
    public let trustedProxies: TrustedProxies
    /// Whether DEMO roots are trusted when verifying (`EDUVN_TRUST_DEMO`).
    public let trustsDemo: Bool
    /// Where the public reaches this server (`EDUVN_PUBLIC_URL`, or the address it listens on).
    public let publicURL: String
    /// The population register to reconcile with every night (`EDUVN_REGISTER_URL`); nil: no nightly run.
    public let nightlyReconciliation: NightlyReconciliation?
    /// When the quality rules run every night (`EDUVN_QUALITY_HOUR`); nil: no nightly run.
    public let qualitySchedule: NightlySchedule?
    /// Working days for legal deadlines (`EDUVN_HOLIDAYS`).
    public let workingCalendar: WorkingCalendar
    /// Sends guardians their sign-in codes; nil: guardians cannot sign in (no gateway configured, not a demo).
    public let codeDelivery: (any CodeDelivery)?
    /// `EDUVN_TSA_URL`: the time-stamp authority web signatures ask; nil: the DEMO one.
    public let timestampAuthorityURL: String?
    /// The rule sets' roll-out by grade and the học bạ layouts (`EDUVN_REGIME_FROM`, `EDUVN_HOC_BA_TEMPLATES`).
    public let records: RecordsSettings

    public init(database: EduDatabase, cipher: PersonalDataCipher, hasher: any Access.PasswordHasher = BcryptHasher(),
                secureCookies: Bool = true, trustedProxies: TrustedProxies = .none, trustsDemo: Bool = true,
                publicURL: String = "http://127.0.0.1:8080", nightlyReconciliation: NightlyReconciliation? = nil,
                qualitySchedule: NightlySchedule? = nil, workingCalendar: WorkingCalendar = WorkingCalendar(), codeDelivery: (any CodeDelivery)? = nil,
                timestampAuthorityURL: String? = nil, records: RecordsSettings = RecordsSettings()) {
        self.records = records
        self.codeDelivery = codeDelivery
        self.timestampAuthorityURL = timestampAuthorityURL
        self.nightlyReconciliation = nightlyReconciliation
        self.qualitySchedule = qualitySchedule
        self.workingCalendar = workingCalendar
        self.database = database
        self.cipher = cipher
        self.hasher = hasher
        self.secureCookies = secureCookies
        self.trustedProxies = trustedProxies
        self.trustsDemo = trustsDemo
        self.publicURL = publicURL
    }

    /// Revocation of other CAs' certificates is asked of their OCSP responders, else looked up in their CRLs, over
    /// HTTP; ours in the database.
    public var signers: SignerStore {
        SignerStore(database.sql, cipher: cipher, trustsDemo: trustsDemo, otherRevocation: Self.remoteRevocation)
    }

    /// OCSP first, for the freshest answer; the CRL when no responder answers. One cache of each for the process.
    public static let remoteRevocation = FirstKnownRevocationChecker([
        OCSPRevocationChecker(client: HTTPOCSPClient()),
        CRLRevocationChecker(source: HTTPCRLSource()),
    ])

    public var accounts: AccountStore { AccountStore(database.sql) }
    public var families: FamilyAccountStore { FamilyAccountStore(database.sql, cipher: cipher) }

    /// `publicURL` is where the QR codes of new học bạ point (`EDUVN_PUBLIC_URL`).
    public func hocBa() throws -> HocBaStore { try HocBaStore(database, cipher: cipher, publicURL: publicURL, settings: records) }
    public var registry: RegistryStore { RegistryStore(database.sql, cipher: cipher) }
    public var jobs: JobQueue { JobQueue(database.sql) }
}

struct AppContextKey: StorageKey {
    typealias Value = AppContext
}

extension Application {
    public var context: AppContext {
        get { storage[AppContextKey.self]! }
        set { storage[AppContextKey.self] = newValue }
    }
}

extension Request {
    var context: AppContext { application.context }
}

/// Vapor's bcrypt (cost 12 by default): slow and salted, the hash format every bcrypt tool reads.
public struct BcryptHasher: Access.PasswordHasher {
    let cost: Int

    /// Tests pass a low cost; production keeps the default.
    public init(cost: Int = 12) {
        self.cost = cost
    }

    public func hash(_ password: String) throws -> String {
        try Bcrypt.hash(password, cost: cost)
    }

    public func verify(_ password: String, against hash: String) throws -> Bool {
        try Bcrypt.verify(password, created: hash)
    }
}
