import EduCore
import Registry
import Signing
import Storage
import Vapor

/// Every shape the JSON API speaks, in one place. JSON keys are snake_case.
enum DTO {
    struct Page<Item: Codable & Sendable>: Content {
        let items: [Item]
        /// Pass as `cursor` to get the next page; absent on the last page.
        let nextCursor: Int?

        init(items: [Item], nextCursor: Int?) {
            self.items = items
            self.nextCursor = nextCursor
        }

        /// A page of a list in id order.
        init(_ page: KeysetPage<Item>) where Item: Identifiable, Item.ID == Int {
            self.init(items: page.items, nextCursor: page.next(\.id))
        }
    }

    typealias Unit = RegistryStore.Unit

    /// A unit and the units merged into it.
    struct UnitHistory: Content {
        let unit: Unit
        let predecessors: [Unit]
    }
    typealias School = RegistryStore.School
    typealias SchoolClass = RegistryStore.SchoolClass
    typealias Student = RegistryStore.StudentSummary
    typealias StudentDetail = RegistryStore.StudentDetail
    typealias Staff = RegistryStore.StaffSummary
    typealias StaffDetail = RegistryStore.StaffDetail

    /// A signature to check: base64 in JSON. `content` is the signed document when the signature is detached.
    struct VerifyRequest: Content {
        let signature: Data
        let content: Data?
    }

    typealias Verification = SignatureReport

    /// A signed checkpoint (C2SP signed-note text) and the key it verifies with (`name+id+key`).
    struct LogCheckpoint: Content {
        let checkpoint: String
        let key: String
    }

    struct LogEntry: Content {
        let index: UInt64
        let entry: String
        /// Base64 of SHA-256(0x00 ‖ entry), RFC 9162 §2.1.1.
        let leafHash: String
    }

    /// Input the server could not read: a stable code and the reason in both languages.
    struct Problem: Content {
        let code: String
        let message: Bilingual

        init(_ error: EduError) {
            code = error.code
            message = error.message
        }
    }

    struct SchoolYearRequest: Content {
        let startsOn: String, endsOn: String
        enum CodingKeys: String, CodingKey { case startsOn = "starts_on", endsOn = "ends_on" }
    }

    struct GuardianRequest: Content {
        let fullName: String, phone: String, relationship: String?
        enum CodingKeys: String, CodingKey { case fullName = "full_name", phone, relationship }
    }

    struct Search: Content {
        let q: String
    }

    struct WriteResult: Content {
        let outcome: ImportOutcome
    }

    struct ImportJob: Content {
        let id: Int
        let state: String
        let progress: Double
        let error: String?
        let outcome: ImportOutcome?
    }

    struct Health: Content {
        let status: String
        let database: String
    }
}

extension ImportOutcome: Content {}
extension Guardian: Content {}
extension SchoolYear: Content {}
extension RegistryStore.Unit: Content {}
extension RegistryStore.School: Content {}
extension RegistryStore.SchoolClass: Content {}
extension RegistryStore.StudentDetail: Content {}
extension RegistryStore.StaffDetail: Content {}

extension SignatureReport: Content {}
extension InclusionProof: Content {}
extension ConsistencyProof: Content {}
