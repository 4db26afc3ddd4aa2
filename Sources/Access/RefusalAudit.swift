import EduCore
import SQLKit
import Storage

extension EduDatabase {
    /// Runs `body` in one transaction. A refusal (an `EduError`, or `InputRejected` with its problems) changes
    /// nothing, and is then audited on its own — who tried what, and why — so that attempts show in the trail too:
    /// a mark out of range, an edit of a locked gradebook, a signature by someone not entitled.
    public func attempt<T: Sendable>(_ what: String, by actor: Actor,
                                     _ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        do {
            return try await transaction(body)
        } catch let error as EduError {
            try await AuditLog(sql).append(.refused(what, error), by: actor)
            throw error
        } catch let rejected as InputRejected {
            try await AuditLog(sql).append(.refused(what, rejected), by: actor)
            throw rejected
        }
    }
}

extension AuditEvent {
    /// A refused attempt at `what` (an operation, such as `PUT /api/v1/gradebooks/3/semesters/1/marks`), and why.
    public static func refused(_ what: String, because reason: String) -> AuditEvent {
        AuditEvent(action: "refused", entity: "attempt", entityID: what, after: reason)
    }

    public static func refused(_ what: String, _ error: EduError) -> AuditEvent {
        refused(what, because: "\(error.code): \(error.message.en)")
    }

    /// Each problem's row, column and reason, not its value: a refused value may be a mark or a personal detail.
    public static func refused(_ what: String, _ rejected: InputRejected) -> AuditEvent {
        let shown = 20
        let reasons = rejected.problems.prefix(shown).map { "row \($0.row) \($0.column): \($0.reason.en)" }
        let more = rejected.problems.count > shown ? "; … \(rejected.problems.count - shown) more" : ""
        return refused(what, because: reasons.joined(separator: "; ") + more)
    }
}
