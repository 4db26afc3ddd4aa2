import Access
import EduCore
import Foundation
import NIOCore
import Quality
import Storage

/// What the national population register says, at the moment a family applies, about the child: whether the
/// particulars agree (and where it has the child living), or that they differ; nil when it cannot say now (none
/// configured, no answer in time). One person per question, each question audited.
enum RegisterLookup {
    enum Answer: Equatable {
        case agrees(residence: RegisteredResidence?)
        case differs
    }

    /// A family waits on the page for this: a short wait, then the application goes on without the register.
    static let timeout: TimeAmount = .seconds(5)

    static func ask(_ context: AppContext, nationalID: NationalID, fullName: String, dateOfBirth: CalendarDate, campaignID: Int,
                    by actor: Actor) async throws -> Answer? {
        guard context.nightlyReconciliation != nil else { return nil }
        try await AuditLog(context.database.sql).append(AuditEvent(action: "ask_register", entity: "admission_campaign", entityID: String(campaignID),
                                                                   after: "1 person (a family's application)"), by: actor)
        let verdict: RegisterVerdict?
        do {
            verdict = try await context.populationRegister(timeout: timeout)
                .verify([RegisterQuery(nationalID: nationalID.digits, fullName: fullName, dateOfBirth: dateOfBirth.iso, gender: nil)]).first
        } catch is RegisterFailure {
            return nil
        }
        switch verdict?.status {
        case .verified?: return .agrees(residence: verdict?.residence)
        case .mismatch?, .notFound?: return .differs
        case nil: return nil
        }
    }
}
