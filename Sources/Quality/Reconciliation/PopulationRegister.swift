/// The national population register (CSDL quốc gia về dân cư) as reconciliation needs it: given a batch of people as
/// our records have them, say for each whether the register agrees, disagrees (and with what), or does not know the
/// personal ID. The real register's interface is not public: `HTTPPopulationRegister` (at the edge) speaks JSON over
/// HTTPS to an endpoint of this shape, and `eduvn population-sim serve` plays the register for tests and training.
public protocol PopulationRegister: Sendable {
    /// The most people one request may carry.
    var batchLimit: Int { get }
    /// One verdict per query, in order.
    func verify(_ batch: [RegisterQuery]) async throws -> [RegisterVerdict]
}

public struct RegisterQuery: Sendable, Hashable, Codable {
    public let nationalID: String
    public let fullName: String
    /// YYYY-MM-DD.
    public let dateOfBirth: String
    /// `male` or `female`; nil when the asker does not hold it (an admissions application), and then not compared.
    public let gender: String?

    public init(nationalID: String, fullName: String, dateOfBirth: String, gender: String?) {
        self.nationalID = nationalID
        self.fullName = fullName
        self.dateOfBirth = dateOfBirth
        self.gender = gender
    }

    enum CodingKeys: String, CodingKey { case nationalID = "national_id", fullName = "full_name", dateOfBirth = "date_of_birth", gender }
}

public struct RegisterVerdict: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable { case verified, mismatch, notFound = "not_found" }

    public let status: Status
    /// For a mismatch: each field that differs, with the register's value.
    public let register: [String: String]
    /// For a verified person: where the register has them living, when it knows.
    public let residence: RegisteredResidence?

    public init(status: Status, register: [String: String] = [:], residence: RegisteredResidence? = nil) {
        self.status = status
        self.register = register
        self.residence = residence
    }
}

/// A person's residence in the register: the commune, ward or special zone (its unit code) and, when known, the
/// village, neighbourhood or street.
public struct RegisteredResidence: Sendable, Hashable, Codable {
    public let communeCode: String
    public let locality: String

    public init(communeCode: String, locality: String = "") {
        self.communeCode = communeCode
        self.locality = locality
    }

    enum CodingKeys: String, CodingKey { case communeCode = "commune_code", locality }

    /// A register that knows only the commune may leave the locality out.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(communeCode: try container.decode(String.self, forKey: .communeCode),
                  locality: try container.decodeIfPresent(String.self, forKey: .locality) ?? "")
    }
}

/// Why a batch got no answer. All are passing: the job waits and asks again, and stops (to resume later) only after
/// repeated failures.
public enum RegisterFailure: Error, Sendable, Equatable {
    /// Over the register's rate: wait this many seconds.
    case rateLimited(retryAfter: Double)
    /// A timeout, a dropped connection, a server error.
    case unavailable(String)
    /// An answer that is not what the interface promises (wrong count, unreadable).
    case malformed(String)
}
