import EduCore
/// The outcome of a whole-log audit.
public enum LogAuditReport: Sendable, Hashable {
    /// Every entry is in place and every signed checkpoint matches; entries after the last
    /// checkpoint (`entries - checkpointedSize`) are protected only by the stored nodes.
    case intact(entries: UInt64, checkpoints: Int, checkpointedSize: UInt64)
    case broken(LogAuditFinding)
}

/// The first thing found wrong in a log.
public enum LogAuditFinding: Sendable, Hashable {
    /// A stored checkpoint (position in the list given) that does not parse or whose
    /// signature does not verify.
    case invalidCheckpoint(position: Int, EduError)
    /// The log signed two tree heads that cannot both be true: the same size with different
    /// roots, or a larger tree that does not extend the smaller one.
    case fork(Checkpoint, Checkpoint)
    /// The entry at `index` is missing: the stored indices jump past it.
    case missingEntry(index: UInt64)
    /// An entry at `index` came after later ones: duplicated or moved.
    case misplacedEntry(index: UInt64)
    /// The entry no longer matches the leaf hash stored for it.
    case alteredEntry(index: UInt64)
    /// A stored interior node is missing or differs from the one the entries give.
    case alteredNode(NodeID)
    /// The entries no longer give the root signed at `checkpoint.treeSize`, and no later
    /// checkpoint vouches for them: one in `firstSuspect..<checkpoint.treeSize` was edited,
    /// removed, inserted or moved since it was signed.
    case rootMismatch(Checkpoint, firstSuspect: UInt64)
    /// A checkpoint was signed for more entries than the log holds: entries were removed from
    /// its end.
    case truncated(Checkpoint, entries: UInt64)

    /// What to tell the person who ran the audit.
    public var error: EduError {
        switch self {
        case .invalidCheckpoint(let position, let reason):
            EduError("transparency.audit.invalid_checkpoint",
                              vi: "Điểm kiểm tra thứ \(position + 1) không hợp lệ: \(reason.message.vi)",
                              en: "Checkpoint \(position + 1) is invalid: \(reason.message.en)")
        case .fork(let one, let other):
            EduError("transparency.audit.fork",
                              vi: "Nhật ký đã ký hai trạng thái mâu thuẫn (rẽ nhánh) ở kích thước \(one.treeSize) và \(other.treeSize)",
                              en: "The log signed two inconsistent states (a fork) at sizes \(one.treeSize) and \(other.treeSize)")
        case .missingEntry(let index):
            EduError("transparency.audit.missing_entry",
                              vi: "Mục \(index) của nhật ký đã bị xoá", en: "Log entry \(index) was deleted")
        case .misplacedEntry(let index):
            EduError("transparency.audit.misplaced_entry",
                              vi: "Mục \(index) của nhật ký bị lặp hoặc sai thứ tự",
                              en: "Log entry \(index) is duplicated or out of order")
        case .alteredEntry(let index):
            EduError("transparency.audit.altered_entry",
                              vi: "Mục \(index) của nhật ký đã bị sửa: không khớp với băm lá đã lưu",
                              en: "Log entry \(index) was edited: it no longer matches its stored leaf hash")
        case .alteredNode(let node):
            EduError("transparency.audit.altered_node",
                              vi: "Nút cây đã lưu mức \(node.level), vị trí \(node.index) bị thiếu hoặc không khớp với các mục \(node.leaves.lowerBound)–\(node.leaves.upperBound - 1)",
                              en: "Stored tree node at level \(node.level), index \(node.index) is missing or does not match entries \(node.leaves.lowerBound)–\(node.leaves.upperBound - 1)")
        case .rootMismatch(let checkpoint, let firstSuspect):
            EduError("transparency.audit.root_mismatch",
                              vi: "Các mục \(firstSuspect)–\(checkpoint.treeSize - 1) không còn khớp với điểm kiểm tra đã ký ở kích thước \(checkpoint.treeSize): có mục bị sửa, xoá, chèn hoặc đổi thứ tự",
                              en: "Entries \(firstSuspect)–\(checkpoint.treeSize - 1) no longer match the checkpoint signed at size \(checkpoint.treeSize): one was edited, deleted, inserted or reordered")
        case .truncated(let checkpoint, let entries):
            EduError("transparency.audit.truncated",
                              vi: "Điểm kiểm tra đã ký ở kích thước \(checkpoint.treeSize) nhưng nhật ký chỉ còn \(entries) mục",
                              en: "A checkpoint was signed at size \(checkpoint.treeSize) but the log holds only \(entries) entries")
        }
    }
}
