import EduCore
import Plot
import Registry

/// The units in force on a day, with what each replaced.
enum UnitViews {
    static func list(_ units: [RegistryStore.Unit], predecessors: [Int: [RegistryStore.Unit]], day: CalendarDate, t: Localizer) -> Component {
        Div {
            H1(t("Đơn vị hành chính ngày \(day.vietnamese)", "Administrative units on \(day.iso)"))
            Form(url: "/units", method: .get) {
                Label(t("Xem ngày", "On the day")) { Input(type: .date, name: "as_of", value: day.iso, isRequired: true) }
                SubmitButton(t("Xem", "Show"))
            }
            Table(header: TableRow {
                TableHeaderCell(t("Mã", "Code")); TableHeaderCell(t("Tên", "Name")); TableHeaderCell(t("Loại", "Kind"))
                TableHeaderCell(t("Hiệu lực từ", "In force from")); TableHeaderCell(t("Sáp nhập từ", "Merged from"))
            }) {
                for unit in units {
                    TableRow {
                        TableCell(unit.code); TableCell(unit.name)
                        TableCell(UnitKind(rawValue: unit.kind).map { t($0.label) } ?? unit.kind)
                        TableCell(CalendarDate(iso: unit.validFrom)?.vietnamese ?? unit.validFrom)
                        TableCell((predecessors[unit.id] ?? []).map { "\($0.name) (\($0.code))" }.joined(separator: "; "))
                    }
                }
            }
        }
    }
}
