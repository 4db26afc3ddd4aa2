import Access
import Foundation
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

    /// A page of accounts; `next`: the address of the page after it. `selfID`: the administrator looking, whose own
    /// account has no disable button.
    static func users(_ users: [AccountStore.User], roles: [Int: [GrantResolver.GrantedRole]], search: String, next: String?,
                      message: String?, notice: String?, selfID: Int?, csrf: String?, t: Localizer) -> Component {
        Div {
            H1(t("Tài khoản", "Users"))
            if let message { Paragraph(message).class("error") }
            if let notice { Paragraph(notice).class("ok") }
            Form(url: "/users", method: .get) {
                Label(t("Tên đăng nhập bắt đầu bằng", "Username starting with")) { Input(type: .search, name: "q", value: search.attributeEscaped) }
                SubmitButton(t("Tìm", "Search"))
            }
            if users.isEmpty { Paragraph(t("Không có tài khoản nào.", "No accounts.")) }
            Table(header: TableRow {
                TableHeaderCell(t("Tên đăng nhập", "Username")); TableHeaderCell(t("Họ tên", "Name"))
                TableHeaderCell(t("Vai trò", "Roles")); TableHeaderCell(t("Trạng thái", "Status"))
                TableHeaderCell(t("Thao tác", "Actions"))
            }) {
                for user in users {
                    TableRow {
                        TableCell(user.username); TableCell(user.displayName)
                        TableCell {
                            for granted in roles[user.id] ?? [] {
                                let name = t(granted.role.label) + (granted.scope.isEmpty ? "" : ": \(granted.scope)")
                                Div {
                                    Text(name + " ")
                                    // One's own last administrator role cannot be taken away (UserRoutes.removeGrant).
                                    if user.id != selfID || GrantResolver.GrantedRole.lastAdministratorRole(roles[user.id] ?? []) != granted.id {
                                        action("grants/\(granted.id)/remove", of: user, label: t("Bỏ vai trò", "Remove the role"),
                                               naming: name, csrf: csrf, t: t)
                                    }
                                }
                            }
                        }
                        TableCell(user.status == "active" ? t("Đang dùng", "Active") : t("Đã khoá", "Disabled"))
                        TableCell {
                            if user.id != selfID || user.status != "active" {
                                action(user.status == "active" ? "disable" : "enable", of: user,
                                       label: user.status == "active" ? t("Khoá", "Disable") : t("Mở khoá", "Enable"), csrf: csrf, t: t)
                            }
                            action("password", of: user, label: t("Cấp mật khẩu mới", "New password"), csrf: csrf, t: t)
                            Form(url: "/users/\(user.id)/grants", method: .post) {
                                CSRFField(token: csrf)
                                // No role chosen until one is: a slip must not make anyone a department administrator.
                                SelectField(name: "role", options: [("", t("— vai trò —", "— role —"))] + Role.allCases.map { ($0.rawValue, t($0.label)) },
                                            selected: "", label: t("Vai trò thêm cho \(user.username)", "Another role for \(user.username)"))
                                Input(type: .text, name: "scope_code", placeholder: t("mã xã, trường hoặc TRƯỜNG/MÃ_GV", "unit, school or SCHOOL/STAFF code"))
                                    .attribute(named: "aria-label", value: t("Mã đơn vị hoặc trường của vai trò thêm cho \(user.username)",
                                                                             "Unit or school code of the role for \(user.username)").attributeEscaped)
                                SubmitButton(t("Thêm vai trò", "Add the role"))
                            }.class("inline")
                        }
                    }
                }
            }
            if let next { Paragraph(Link(t("Trang sau →", "Next page →"), url: next.attributeEscaped)) }
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

    /// One button, posting to `/users/{id}/{path}`; its label names the account (and `naming`, the role it removes)
    /// for screen readers.
    /// The accounts page after the username `after`, in the search `search`.
    static func usersPage(search: String, after: String) -> String {
        var page = URLComponents()
        page.path = "/users"
        page.queryItems = (search.isEmpty ? [] : [URLQueryItem(name: "q", value: search)]) + [URLQueryItem(name: "after", value: after)]
        return page.string!
    }

    private static func action(_ path: String, of user: AccountStore.User, label: String, naming: String? = nil, csrf: String?,
                               t: Localizer) -> Component {
        Form(url: "/users/\(user.id)/\(path)", method: .post) {
            CSRFField(token: csrf)
            SubmitButton(label).attribute(named: "aria-label", value: "\(label): \(user.username)\(naming.map { ", \($0)" } ?? "")".attributeEscaped)
        }.class("inline")
    }

}
