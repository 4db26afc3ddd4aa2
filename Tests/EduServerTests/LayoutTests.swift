@testable import EduServer
import Plot
import Testing

@Suite struct LayoutTests {
    /// A row's header is a `<th>` beside its cells, not inside a `<td>` (which Plot's `TableRow` would make).
    @Test func aHeadedRowRendersAHeaderCellBesideItsCells() {
        let html = Table {
            HeadedRow("Học sinh") { TableCell("Nguyễn Văn An") }
            HeadedRow("Điểm") { TableCell("8.5"); TableCell("9.0") }
        }.render()
        #expect(html == "<table><tr><th scope=\"row\">Học sinh</th><td>Nguyễn Văn An</td></tr>"
                + "<tr><th scope=\"row\">Điểm</th><td>8.5</td><td>9.0</td></tr></table>")
    }

    /// A "none" option keeps its empty value (`value` alone is the empty string in HTML): a browser sends the label of an
    /// option without one.
    @Test func anEmptyOptionValueIsWrittenOut() {
        let html = SelectField(name: "gender", options: [("", "—"), ("male", "Nam")], selected: "male").render()
        #expect(html == "<select name=\"gender\"><option value>—</option><option value=\"male\" selected=\"selected\">Nam</option></select>")
    }
}
