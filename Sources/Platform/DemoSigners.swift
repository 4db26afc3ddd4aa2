import EduCore
import Registry
import Signing
import SQLKit

/// Who gets a DEMO certificate: the department's seal (named by its unit code), each school's
/// seal (its Ministry code), and each member of staff (school code/staff code, or staff-ID
/// when the staff member has no code).
public enum DemoSigners {
    public static func requests(_ db: any SQLDatabase) async throws -> (department: String, requests: [DemoSignerRequest]) {
        guard let department = try await RegistryDirectory.department(db) else {
            throw EduError("pki.no_department", vi: "Chưa có Sở trong danh mục đơn vị (chạy eduvn demo hoặc nhập đơn vị trước)",
                           en: "The registry has no department unit yet (run eduvn demo or import units first)")
        }
        var requests = [DemoSignerRequest(name: department.code, kind: .seal, holder: .seal(unit: department.name),
                                          binding: SignerBinding(unitID: department.id))]
        for school in try await RegistryDirectory.schools(db) {
            requests.append(DemoSignerRequest(name: school.code, kind: .seal, holder: .seal(unit: school.name),
                                              binding: SignerBinding(schoolID: school.id)))
        }
        for member in try await RegistryDirectory.staff(db) {
            requests.append(DemoSignerRequest(
                name: member.staffCode.map { "\(member.schoolCode)/\($0)" } ?? "staff-\(member.id)", kind: .person,
                holder: .person(name: member.fullName, unit: member.schoolName), binding: SignerBinding(staffID: member.id)))
        }
        return (department.name, requests)
    }
}
