import EduCore

extension EduError {
    public static let notTheTeacher = EduError(
        "gradebook.not_teacher", vi: "Chỉ giáo viên được phân công dạy môn này mới nhập và nộp điểm",
        en: "Only the teacher assigned to this subject may enter and submit its marks")
    public static let notTheHomeroomTeacher = EduError(
        "gradebook.not_homeroom", vi: "Chỉ giáo viên chủ nhiệm của lớp mới ghi rèn luyện và xác nhận học kì",
        en: "Only the class's homeroom teacher may record conduct and confirm the semester")
    public static let notThePrincipal = EduError(
        "gradebook.not_principal", vi: "Chỉ hiệu trưởng của trường mới phê duyệt", en: "Only the school's principal may approve")
    public static let gradebookLocked = EduError(
        "gradebook.locked", vi: "Sổ điểm đã khoá: muốn sửa phải gửi yêu cầu điều chỉnh để hiệu trưởng duyệt",
        en: "The gradebook is locked: a change needs a correction request approved by the principal")
    public static let gradebookSubmitted = EduError(
        "gradebook.submitted", vi: "Sổ điểm đã nộp: không sửa được nữa", en: "The gradebook has been submitted and can no longer be edited")
    public static let unknownAssignment = EduError(
        "gradebook.unknown", vi: "Không có phân công giảng dạy này", en: "No such teaching assignment")
    public static let unknownCorrection = EduError(
        "gradebook.correction_unknown", vi: "Không có yêu cầu điều chỉnh này, hoặc đã được xử lý",
        en: "No such pending correction request")

    public static func semesterNotReady(_ reason: Bilingual) -> EduError {
        EduError("gradebook.not_ready", vi: "Chưa thể thực hiện: \(reason.vi)", en: "Not possible yet: \(reason.en)")
    }
}
