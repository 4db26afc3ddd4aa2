import Access
import EduCore
import Foundation
import Logging
import NIOCore
import Quality
import Storage

/// What the national population register says, at the moment a family applies, about the child: whether the
/// particulars agree (and where it has the child living), or that they differ; nil when it cannot say now (none
/// configured, misconfigured, no answer in time). One person per question; each question audited with whom it was
/// about (the personal ID's lookup hash) and the answer.
enum RegisterLookup {
    enum Answer: Equatable {
        case agrees(residence: RegisteredResidence?)
        case differs
    }

    /// A family waits on the page for this: a short wait, then the application goes on without the register.
    static let timeout: TimeAmount = .seconds(5)
    /// Questions a family account may ask a day: enough for a family's children and its typos, too few to search the
    /// register with.
    static let dailyLimit = 10

    static func ask(_ context: AppContext, nationalID: NationalID, fullName: String, dateOfBirth: CalendarDate, campaignID: Int,
                    by actor: Actor, logger: Logger) async throws -> Answer? {
        guard context.nightlyReconciliation != nil else { return nil }
        var answer: Answer?
        do {
            let verdict = try await context.populationRegister(timeout: timeout)
                .verify([RegisterQuery(nationalID: nationalID.digits, fullName: fullName, dateOfBirth: dateOfBirth.iso, gender: nil)]).first
            switch verdict?.status {
            case .verified?: answer = .agrees(residence: verdict?.residence)
            case .mismatch?, .notFound?: answer = .differs
            case nil: answer = nil
            }
        } catch {
            // A register that fails, or a client identity that cannot be read, is the operators' to fix: the family goes on without it.
            logger.warning("population register unavailable for an application", metadata: ["error": "\(String(reflecting: type(of: error)))"])
        }
        let outcome = switch answer {
        case .agrees?: "agrees"
        case .differs?: "differs"
        case nil: "no answer"
        }
        try await AuditLog(context.database.sql).append(AuditEvent(action: "ask_register", entity: "admission_campaign", entityID: String(campaignID),
                                                                   after: "person \(context.cipher.lookupHash(nationalID.digits)): \(outcome)"), by: actor)
        return answer
    }
}
