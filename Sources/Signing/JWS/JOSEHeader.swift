import EduCore
import Foundation
import X509

/// One signature's protected header, read and checked for shape but not yet for truth. Every parameter
/// the platform acts on comes from here: anyone could change an unprotected header.
struct JOSEHeader {
    /// `crit` may list only extensions this reader processes (RFC 7515 §4.1.11): the signing time,
    /// as JAdES writes it (ETSI TS 119 182-1: `iat` since V1.2.1, `sigT` before).
    private static let understoodCriticalNames: Set<String> = ["iat", "sigT"]

    let algorithm: SigningAlgorithm
    /// The signer's certificate first, then those that certify it (RFC 7515 §4.1.6).
    let certificates: [Certificate]
    let signingTime: Date
    /// `typ`: what the signer says the whole object is (RFC 8725 §3.11, explicit typing).
    let type: String?
    /// Every parameter name present, to check against the unprotected header.
    let names: Set<String>

    var signer: Certificate { certificates[0] }

    init(decoding json: [UInt8]) throws(EduError) {
        let fields: Fields
        do {
            fields = try JSONDecoder().decode(Fields.self, from: Data(json))
        } catch {
            throw .malformedJWS
        }
        guard !JSONDuplicateNames.exist(in: json) else { throw .malformedJWS }
        try Self.checkCritical(fields.crit, present: fields.names)

        guard let alg = fields.alg else { throw .malformedJWS }
        guard let algorithm = SigningAlgorithm(rawValue: alg) else { throw .unsupportedJWS("alg \"\(alg)\"") }
        guard let x5c = fields.x5c, !x5c.isEmpty else { throw .jwsCertificateMissing }

        self.algorithm = algorithm
        certificates = try x5c.map(Self.certificate)
        signingTime = try Self.signingTime(iat: fields.iat, sigT: fields.sigT)
        type = fields.typ
        names = fields.names
    }

    private static func checkCritical(_ critical: [String]?, present names: Set<String>) throws(EduError) {
        guard let critical else { return }
        guard !critical.isEmpty, Set(critical).count == critical.count else { throw .malformedJWS }
        for name in critical {
            guard understoodCriticalNames.contains(name) else { throw .unsupportedJWS("crit \"\(name)\"") }
            guard names.contains(name) else { throw .malformedJWS }
        }
    }

    /// x5c holds standard base64 with padding (RFC 4648 §4), not base64url.
    private static func certificate(_ base64: String) throws(EduError) -> Certificate {
        guard let der = Data(base64Encoded: base64), let certificate = try? Certificate(derEncoded: Array(der)) else {
            throw .malformedJWS
        }
        return certificate
    }

    /// `iat` is a NumericDate (RFC 7519 §2); `sigT` an ISO 8601 UTC time. One of them, not both:
    /// two claims could disagree.
    private static func signingTime(iat: Double?, sigT: String?) throws(EduError) -> Date {
        switch (iat, sigT) {
        case (let seconds?, nil):
            guard seconds.isFinite else { throw .malformedJWS }
            return Date(timeIntervalSince1970: seconds)
        case (nil, let text?):
            guard let date = try? Date(text, strategy: .iso8601) else { throw .malformedJWS }
            return date
        case (nil, nil): throw .jwsSigningTimeMissing
        case (_?, _?): throw .malformedJWS
        }
    }

    private struct Fields: Decodable {
        let names: Set<String>
        let alg: String?
        let typ: String?
        let x5c: [String]?
        let crit: [String]?
        let iat: Double?
        let sigT: String?

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: JSONMemberName.self)
            names = Set(container.allKeys.map(\.stringValue))
            alg = try container.decodeIfPresent(String.self, forKey: "alg")
            typ = try container.decodeIfPresent(String.self, forKey: "typ")
            x5c = try container.decodeIfPresent([String].self, forKey: "x5c")
            crit = try container.decodeIfPresent([String].self, forKey: "crit")
            iat = try container.decodeIfPresent(Double.self, forKey: "iat")
            sigT = try container.decodeIfPresent(String.self, forKey: "sigT")
        }
    }
}

/// A JSON member name, for objects whose names are not all known in advance.
struct JSONMemberName: CodingKey, ExpressibleByStringLiteral {
    let stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
    init(stringLiteral value: String) { self.init(stringValue: value) }
}
