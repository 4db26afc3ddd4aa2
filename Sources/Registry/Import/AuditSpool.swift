import Access
import Tabular

/// Holds an import's audit events until the end of the import, so the audit chain's head is
/// taken only for the final append (a long import must not make every other audited action
/// wait) while memory stays flat.
struct AuditSpool {
    private let spool: FieldSpool

    init() throws {
        spool = try FieldSpool()
    }

    func add(_ events: [AuditEvent]) throws {
        for event in events {
            try spool.append([event.action, event.entity, event.entityID, event.before, event.after])
        }
    }

    /// Appends every spooled event to the audit log, in order, telling `progress` the share handed over so far.
    func flush(to log: AuditLog, by actor: Actor, progress: (@Sendable (Double) -> Void)? = nil) async throws {
        let spool = self.spool
        let count = spool.count
        try await log.append(count: count, by: actor) { emit in
            var rows = try spool.rows()
            var handed = 0
            while let fields = try rows.next() {
                try emit(AuditEvent(action: fields[0]!, entity: fields[1]!, entityID: fields[2]!, before: fields[3], after: fields[4]))
                handed += 1
                if handed % RegistryImporter.batchSize == 0 { progress?(Double(handed) / Double(count)) }
            }
        }
    }
}
