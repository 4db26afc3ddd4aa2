import Plot

/// The department's register pages, linked from each of them; the page shown is not a link.
struct CredentialsMenu: Component {
    static let pages: [(path: String, vi: String, en: String)] = [
        ("/credentials/register", "Sổ gốc", "The register"),
        ("/credentials/transcriptions", "Nhập liệu hai lần", "Double entry"),
        ("/credentials/copies", "Bản sao từ sổ gốc", "Certified copies"),
        ("/credentials/blanks", "Phôi văn bằng", "Blank forms"),
        ("/credentials/keys", "Khoá tra cứu cho đơn vị", "Verifier keys"),
        ("/credentials/holders", "Chủ văn bằng", "Credential holders"),
    ]

    let current: String
    let t: Localizer

    var body: Component {
        Navigation {
            for (index, page) in Self.pages.enumerated() {
                if index > 0 { Text(" · ") }
                if page.path == current { Text(t(page.vi, page.en)) } else { Link(t(page.vi, page.en), url: page.path) }
            }
        }.class("submenu")
    }
}
