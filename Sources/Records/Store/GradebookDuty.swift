import EduCore
import SQLKit
import Storage

/// Who may change a class's or a gradebook's records, named so that a caller can be refused before what they sent is
/// read: a request from someone who may not act is answered 403 (or 404), never a complaint about its content.
public enum GradebookDuty: Sendable {
    /// The subject's teacher: marks, submission, a gradebook file.
    case subjectTeacher(assignmentID: Int)
    /// The subject's teacher or the class's homeroom teacher: a correction request.
    case subjectOrHomeroomTeacher(assignmentID: Int)
    /// The class's homeroom teacher or the school's principal: giving a gradebook back.
    case homeroomTeacherOrPrincipal(assignmentID: Int)
    /// The class's homeroom teacher: conduct, qualities, confirmation, the summer.
    case homeroomTeacher(classID: Int)
    /// The principal of the class's school: approval.
    case principal(classID: Int)
    /// The principal of the school whose gradebook a pending correction changes.
    case correctionDecider(correctionID: Int)
}

extension GradebookStore {
    /// Refuses `actor` unless they hold `duty` (`gradebook.not_*`, or `gradebook.unknown` for what does not exist).
    public func require(_ duty: GradebookDuty, by actor: GradebookActor) async throws {
        switch duty {
        case .subjectTeacher(let id):
            guard actor.staffIDs.contains(try await assignment(id: id).staffID) else { throw EduError.notTheTeacher }
        case .subjectOrHomeroomTeacher(let id):
            let assignment = try await assignment(id: id)
            let homeroom = try await isHomeroom(classID: assignment.classID, actor)
            guard actor.staffIDs.contains(assignment.staffID) || homeroom else { throw EduError.notTheTeacher }
        case .homeroomTeacherOrPrincipal(let id):
            let classID = try await assignment(id: id).classID
            let homeroom = try await isHomeroom(classID: classID, actor), principal = try await isPrincipal(classID: classID, actor)
            guard homeroom || principal else { throw EduError.notTheHomeroomTeacher }
        case .homeroomTeacher(let classID):
            guard try await isHomeroom(classID: classID, actor) else { throw EduError.notTheHomeroomTeacher }
        case .principal(let classID):
            guard try await isPrincipal(classID: classID, actor) else { throw EduError.notThePrincipal }
        case .correctionDecider(let id):
            guard let row = try await database.raw("""
                SELECT t.class_id AS id FROM mark_corrections m JOIN teaching_assignments t ON t.id = m.assignment_id
                WHERE m.id = \(bind: id) AND m.status = 'pending'
                """).first(decoding: IDRow.self) else { throw EduError.unknownCorrection }
            guard try await isPrincipal(classID: row.id, actor) else { throw EduError.notThePrincipal }
        }
    }

    func isHomeroom(classID: Int, _ actor: GradebookActor) async throws -> Bool {
        let homeroom = try await database.raw("SELECT homeroom_staff_id AS id FROM classes WHERE id = \(bind: classID)")
            .first().flatMap { try $0.decode(column: "id", as: Int?.self) }
        return homeroom.map(actor.staffIDs.contains) ?? false
    }

    func isPrincipal(classID: Int, _ actor: GradebookActor) async throws -> Bool {
        let school = try await database.raw("SELECT school_id AS id FROM classes WHERE id = \(bind: classID)").first(decoding: IDRow.self)
        return school.map { actor.principalOf.contains($0.id) } ?? false
    }
}
