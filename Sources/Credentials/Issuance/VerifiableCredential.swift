import EduCore
import Foundation

/// A register entry as a W3C Verifiable Credential 2.0 in the Open Badges 3.0 vocabulary (an `OpenBadgeCredential`
/// whose achievement is the diploma), with a Bitstring Status List entry for revocation. The JSON is what gets signed
/// as a JWS (VC-JOSE, `typ: vc+jwt`); it points back to the register entry by its URL.
public enum VerifiableCredential {
    public static let mediaType = "vc+jwt"

    public struct Issuer: Sendable {
        public let id: String
        public let name: String

        public init(id: String, name: String) {
            self.id = id
            self.name = name
        }
    }

    /// The issuer profile: its id is where the issuing seal is described, under the public address.
    public static func issuer(seal: String, name: String, baseURL: String) -> Issuer {
        Issuer(id: issuerID(seal: seal, baseURL: baseURL), name: name)
    }

    public static func issuerID(seal: String, baseURL: String) -> String {
        "\(baseURL)/issuers/\(seal)"
    }

    public static func credential(for entry: IssuableEntry, issuer: Issuer, baseURL: String, issuedAt: Date = Date()) throws -> [UInt8] {
        let (list, index) = StatusList.position(ofEntry: entry.id)
        let document: [String: Any] = [
            "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
            "id": "\(baseURL)/credentials/\(entry.serial)",
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "name": entry.kind.label.vi,
            "issuer": ["id": issuer.id, "type": ["Profile"], "name": issuer.name],
            "validFrom": entry.decisionDate.iso + "T00:00:00Z",
            "credentialSubject": [
                "type": ["AchievementSubject"],
                "name": entry.fullName,
                "identifier": [["type": "IdentityObject", "identityType": "name", "hashed": false, "identityHash": entry.fullName]],
                "achievement": [
                    "id": "\(baseURL)/achievements/\(entry.kind.rawValue)",
                    "type": ["Achievement"],
                    "achievementType": entry.kind == .certificate ? "Certificate" : "Diploma",
                    "name": entry.kind.label.vi,
                    "description": "\(entry.kind.label.vi) / \(entry.kind.label.en)",
                    "criteria": ["narrative": "Tốt nghiệp năm \(entry.graduationYear), \(entry.school)"],
                ] as [String: Any],
                "result": entry.classification.isEmpty ? [] : [["type": ["Result"], "value": entry.classification]],
            ] as [String: Any],
            "evidence": [["id": "\(baseURL)/credentials/\(entry.serial)", "type": ["Evidence"],
                          "name": "Số hiệu \(entry.serial), số vào sổ gốc \(entry.registerNumber), quyết định \(entry.decisionNumber)"]],
            "credentialStatus": [
                "id": "\(baseURL)/credentials/status/\(list)#\(index)",
                "type": "BitstringStatusListEntry",
                "statusPurpose": "revocation",
                "statusListIndex": String(index),
                "statusListCredential": "\(baseURL)/credentials/status/\(list)",
            ],
        ]
        return Array(try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes]))
    }

    /// The status list credential for list `number`, with the bits of `revoked` entries set.
    public static func statusList(number: Int, revokedEntries: [Int], issuerID: String, baseURL: String, issuedAt: Date = Date()) throws -> [UInt8] {
        var list = StatusList()
        for id in revokedEntries {
            let position = StatusList.position(ofEntry: id)
            if position.list == number { list.set(position.index) }
        }
        let document: [String: Any] = [
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "id": "\(baseURL)/credentials/status/\(number)",
            "type": ["VerifiableCredential", "BitstringStatusListCredential"],
            "issuer": issuerID,
            "validFrom": ISO8601DateFormatter().string(from: issuedAt),
            "credentialSubject": [
                "id": "\(baseURL)/credentials/status/\(number)#list",
                "type": "BitstringStatusList",
                "statusPurpose": "revocation",
                "encodedList": try list.encodedList(),
            ],
        ]
        return Array(try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes]))
    }
}

/// What a credential is issued from: a register entry that is not revoked.
public struct IssuableEntry: Sendable, Hashable {
    public let id: Int
    public let kind: CredentialKind
    public let serial: String
    public let registerNumber: String
    public let fullName: String
    public let school: String
    public let graduationYear: Int
    public let classification: String
    public let decisionNumber: String
    public let decisionDate: CalendarDate
}
