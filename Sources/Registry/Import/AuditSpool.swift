import Access
import Foundation
import SQLKit

/// Holds an import's audit events in a temporary file until the end of the import, so the
/// audit chain's head is taken only for the final append (a long import must not make every
/// other audited action wait) while memory stays flat.
/// The file holds personal data, so its name is removed as soon as it is open: only the two
/// handles reach it, and a crash or `kill -9` leaves nothing on disk.
final class AuditSpool {
    private let handle: FileHandle
    private let reader: FileHandle
    private let encoder = JSONEncoder()

    init() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("eduvn-audit-\(UUID().uuidString).jsonl")
        FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600])
        handle = try FileHandle(forWritingTo: url)
        reader = try FileHandle(forReadingFrom: url)
        try FileManager.default.removeItem(at: url)
    }

    deinit {
        try? handle.close()
        try? reader.close()
    }

    func add(_ events: [AuditEvent]) throws {
        var data = Data()
        for event in events {
            data.append(try encoder.encode(event))
            data.append(0x0A)
        }
        try handle.write(contentsOf: data)
    }

    /// Appends every spooled event to the audit log, in order, in chunks.
    func flush(to log: AuditLog, by actor: Actor) async throws {
        try reader.seek(toOffset: 0)
        let decoder = JSONDecoder()
        var pending = Data(), chunk: [AuditEvent] = []
        while let data = try reader.read(upToCount: 1 << 20), !data.isEmpty {
            pending.append(data)
            var start = pending.startIndex
            while let newline = pending[start...].firstIndex(of: 0x0A) {
                chunk.append(try decoder.decode(AuditEvent.self, from: pending[start..<newline]))
                start = pending.index(after: newline)
                if chunk.count == 1000 {
                    try await log.append(chunk, by: actor)
                    chunk.removeAll(keepingCapacity: true)
                }
            }
            // Keep only the unfinished line; removing each line as it is read would be quadratic.
            pending = pending[start...]
        }
        try await log.append(chunk, by: actor)
    }
}
