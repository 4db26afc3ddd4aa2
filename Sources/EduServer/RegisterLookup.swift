import Access
import Admissions
import EduCore
import Foundation
import Logging
import NIOCore
import Quality
import Storage

/// Asks the national population register about the child a family applies for: its verdict, or nil when it cannot
/// say now (none configured, misconfigured, no answer in time). One person per question; each question audited with
/// whom it was about (the personal ID's lookup hash) and the answer. What the answer makes of the application is
/// `ApplicationForm.take` (Admissions).
enum RegisterLookup {
    /// A family waits on the page for this: a short wait, then the application goes on without the register.
    static let timeout: TimeAmount = .seconds(5)

    static func ask(_ context: AppContext, about form: ApplicationForm, campaignID: Int, by actor: Actor, logger: Logger) async throws -> RegisterVerdict? {
        guard context.nightlyReconciliation != nil else { return nil }
        var verdict: RegisterVerdict?
        do {
            verdict = try await context.populationRegister(timeout: timeout).verify([
                RegisterQuery(nationalID: form.nationalID.digits, fullName: form.fullName, dateOfBirth: form.dateOfBirth.iso, gender: nil),
            ]).first
        } catch {
            // A register that fails, or a client identity that cannot be read, is the operators' to fix: the family goes on without it.
            logger.warning("population register unavailable for an application", metadata: ["error": "\(String(reflecting: type(of: error)))"])
        }
        try await AuditLog(context.database.sql).append(AuditEvent(
            action: "ask_register", entity: "admission_campaign", entityID: String(campaignID),
            after: "person \(context.cipher.lookupHash(form.nationalID.digits)): \(verdict?.status.rawValue ?? "no answer")"), by: actor)
        return verdict
    }
}
