import Credentials
import Plot

/// A scanned register page for department staff: shown in the page when the browser can (JPEG, PNG), always linked.
struct PageScanView: Component {
    let scan: PageScanReference
    let t: Localizer

    var body: Component {
        let url = "/credentials/scans/\(scan.id)"
        return Div {
            if scan.mediaType.isShownInline {
                Link(url: url) { Image(url: url, description: t("Ảnh chụp trang sổ gốc", "Scan of the register page")) }.class("page-scan")
            }
            Paragraph { Link(t("Mở ảnh trang sổ gốc", "Open the scan of the register page"), url: url) }
        }
    }
}
