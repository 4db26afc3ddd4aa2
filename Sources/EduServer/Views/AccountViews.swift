import Access
import Plot
import Registry

enum AccountViews {
    static func login(failed: Bool, t: Localizer) -> Component {
        Div {
            H1(t("Đăng nhập", "Sign in"))
            if failed {
                Paragraph(t("Tên đăng nhập hoặc mật khẩu không đúng, hoặc tạm thời bị khoá do thử sai nhiều lần.",
                            "Wrong username or password, or temporarily locked after repeated failures.")).class("error")
            }
            Form(url: "/login", method: .post) {
                Label(t("Tên đăng nhập", "Username")) { Input(type: .text, name: "username", isRequired: true) }
                Label(t("Mật khẩu", "Password")) { Input(type: .password, name: "password", isRequired: true) }
                SubmitButton(t("Đăng nhập", "Sign in"))
            }
        }
    }

    static func users(_ users: [AccountStore.User], roles: [Int: [GrantResolver.GrantedRole]], message: String?, csrf: String?,
                      t: Localizer) -> Component {
        Div {
            H1(t("Tài khoản", "Users"))
            if let message { Paragraph(message).class("error") }
            Table(header: TableRow {
                TableHeaderCell(t("Tên đăng nhập", "Username")); TableHeaderCell(t("Họ tên", "Name"))
                TableHeaderCell(t("Vai trò", "Roles")); TableHeaderCell(t("Trạng thái", "Status"))
            }) {
                for user in users {
                    TableRow {
                        TableCell(user.username); TableCell(user.displayName)
                        TableCell((roles[user.id] ?? []).map { t($0.role.label) + ($0.scope.isEmpty ? "" : ": \($0.scope)") }.joined(separator: "; "))
                        TableCell(user.status)
                    }
                }
            }
            H2(t("Tạo tài khoản", "Create a user"))
            Form(url: "/users", method: .post) {
                CSRFField(token: csrf)
                Label(t("Tên đăng nhập", "Username")) { Input(type: .text, name: "username", isRequired: true) }
                Label(t("Họ tên", "Display name")) { Input(type: .text, name: "display_name", isRequired: true) }
                Label(t("Mật khẩu (ít nhất 8 ký tự)", "Password (8 characters or more)")) {
                    Input(type: .password, name: "password", isRequired: true)
                }
                Label(t("Vai trò", "Role")) {
                    SelectField(name: "role", options: Role.allCases.map { ($0.rawValue, t($0.label)) })
                }
                Label(t("Mã xã/phường hoặc mã trường; giáo viên: MÃ_TRƯỜNG/MÃ_GV", "Unit or school code; teachers: SCHOOL_CODE/STAFF_CODE")) {
                    Input(type: .text, name: "scope_code")
                }
                SubmitButton(t("Tạo", "Create"))
            }
        }
    }
}
