import EduCore
import Foundation

/// The nightly reconciliation a server runs when a register is configured: from a local hour (Vietnam, UTC+7) on, once
/// a day, the people never checked, not checked for `staleAfter` days, or changed since their check.
public struct NightlyReconciliation: Sendable, Equatable {
    public let registerURL: String
    /// The local hour (0–23) from which the night's run may start.
    public let hour: Int
    public let staleAfter: Int
    /// Mutual TLS: the platform's PKCS#12 file and its password.
    public struct ClientIdentity: Sendable, Equatable {
        public let file: String
        public let passphrase: String
    }

    public let clientIdentity: ClientIdentity?
    /// The PEM roots the register's server certificate must chain to (nil: the system's).
    public let trustRoots: String?

    public init(registerURL: String, hour: Int = 2, staleAfter: Int = 30, clientIdentity: ClientIdentity? = nil, trustRoots: String? = nil) {
        self.registerURL = registerURL
        self.hour = hour
        self.staleAfter = staleAfter
        self.clientIdentity = clientIdentity
        self.trustRoots = trustRoots
    }

    /// The register at `registerURL` (`EDUVN_REGISTER_URL`), tuned by `EDUVN_RECONCILE_HOUR` (default 2) and
    /// `EDUVN_RECONCILE_STALE_DAYS` (default 30); over mutual TLS with `EDUVN_REGISTER_CLIENT_P12` (and
    /// `EDUVN_REGISTER_CLIENT_P12_PASSWORD`), trusting `EDUVN_REGISTER_CA` when set.
    public init(registerURL url: String, environment: [String: String]) throws(EduError) {
        func number(_ name: String, default value: Int, in range: ClosedRange<Int>) throws(EduError) -> Int {
            guard let text = environment[name], !text.isEmpty else { return value }
            guard let number = Int(text), range.contains(number) else {
                throw EduError("config.number", vi: "\(name) phải là số từ \(range.lowerBound) đến \(range.upperBound), không phải \"\(text)\"",
                               en: "\(name) must be a number from \(range.lowerBound) to \(range.upperBound), not \"\(text)\"")
            }
            return number
        }
        func path(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        try Self.checkTLS(url: url, identity: path("EDUVN_REGISTER_CLIENT_P12"), roots: path("EDUVN_REGISTER_CA"))
        self.init(registerURL: url, hour: try number("EDUVN_RECONCILE_HOUR", default: 2, in: 0...23),
                  staleAfter: try number("EDUVN_RECONCILE_STALE_DAYS", default: 30, in: 0...3650),
                  clientIdentity: path("EDUVN_REGISTER_CLIENT_P12").map {
                      ClientIdentity(file: $0, passphrase: environment["EDUVN_REGISTER_CLIENT_P12_PASSWORD"] ?? "")
                  },
                  trustRoots: path("EDUVN_REGISTER_CA"))
    }

    /// A client certificate or roots are for HTTPS, and roots alone would be dropped: refuse rather than send personal
    /// IDs in the clear, or quietly without the certificate the register expects.
    public static func checkTLS(url: String, identity: String?, roots: String?) throws(EduError) {
        if identity != nil || roots != nil, !url.lowercased().hasPrefix("https://") {
            throw EduError("register.tls", vi: "Chứng thư máy khách và chứng thư gốc chỉ dùng với địa chỉ https:// của CSDL dân cư",
                           en: "A client certificate and roots need the register's https:// address")
        }
        if roots != nil, identity == nil {
            throw EduError("register.tls", vi: "Chứng thư gốc của CSDL dân cư đi cùng tệp PKCS#12 của hệ thống",
                           en: "The register's roots go with the platform's PKCS#12 file")
        }
    }

    public var schedule: NightlySchedule { NightlySchedule(hour: hour) }
}
