import EduCore

/// The transparency log's errors, with their stable codes. Vietnamese first.
extension EduError {
    static func outOfRange(_ what: String) -> EduError {
        EduError("transparency.out_of_range",
                          vi: "Kích thước cây hoặc chỉ số nằm ngoài giới hạn (\(what))",
                          en: "Tree size or index out of range (\(what))")
    }

    static func missingNode(_ node: NodeID) -> EduError {
        EduError("transparency.missing_node",
                          vi: "Không tìm thấy nút cây Merkle mức \(node.level), vị trí \(node.index)",
                          en: "Merkle tree node at level \(node.level), index \(node.index) is not stored")
    }

    static let inclusionFailed = EduError(
        "transparency.inclusion_failed",
        vi: "Bằng chứng bao hàm không khớp với băm gốc",
        en: "The inclusion proof does not match the root hash")

    static let consistencyFailed = EduError(
        "transparency.consistency_failed",
        vi: "Bằng chứng nhất quán không khớp với hai băm gốc",
        en: "The consistency proof does not match the two root hashes")

    static func malformedCheckpoint(vi: String, en: String) -> EduError {
        EduError("transparency.malformed_checkpoint",
                          vi: "Điểm kiểm tra (checkpoint) sai định dạng: \(vi)",
                          en: "Malformed checkpoint: \(en)")
    }

    static func malformedKey(vi: String, en: String) -> EduError {
        EduError("transparency.malformed_key",
                          vi: "Khoá sai định dạng: \(vi)", en: "Malformed key: \(en)")
    }

    static let badSignature = EduError(
        "transparency.bad_signature",
        vi: "Chữ ký của khoá tin cậy không hợp lệ",
        en: "The signature by the trusted key does not verify")

    static let unsigned = EduError(
        "transparency.unsigned",
        vi: "Không có chữ ký nào của khoá tin cậy",
        en: "There is no signature by the trusted key")
}
