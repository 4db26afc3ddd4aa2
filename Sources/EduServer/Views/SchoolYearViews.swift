import EduCore
import Plot
import Registry

/// The school years and their dates; for the department, a form on each year to correct them.
enum SchoolYearViews {
    static func list(_ years: [SchoolYear], editable: Bool, csrf: String?, notices: Notices, t: Localizer) -> Component {
        Div {
            H1(t("Năm học", "School years"))
            notices
            Paragraph(t("Năm học mới được ghi nhận khi nhập lớp hoặc học sinh, với ngày thường lệ (05/09 đến 31/05); Sở sửa theo khung kế hoạch thời gian năm học.",
                        "A new school year is recorded when classes or students are imported, with the usual dates (5 September to 31 May); the department corrects them to the year's official calendar."))
            Table(header: TableRow {
                TableHeaderCell(t("Năm học", "School year")); TableHeaderCell(t("Ngày bắt đầu", "First day"))
                TableHeaderCell(t("Ngày kết thúc", "Last day"))
                if editable { TableHeaderCell(t("Sửa", "Change")) }
            }) {
                for year in years {
                    TableRow {
                        TableCell(year.code)
                        TableCell(CalendarDate(iso: year.startsOn)?.vietnamese ?? year.startsOn)
                        TableCell(CalendarDate(iso: year.endsOn)?.vietnamese ?? year.endsOn)
                        if editable {
                            TableCell {
                                Form(url: "/school-years/\(year.code.attributeEscaped)", method: .post) {
                                    CSRFField(token: csrf)
                                    Input(type: .date, name: "starts_on", value: year.startsOn, isRequired: true)
                                        .attribute(named: "aria-label", value: t("Ngày bắt đầu năm học \(year.code)", "First day of \(year.code)"))
                                    Input(type: .date, name: "ends_on", value: year.endsOn, isRequired: true)
                                        .attribute(named: "aria-label", value: t("Ngày kết thúc năm học \(year.code)", "Last day of \(year.code)"))
                                    SubmitButton(t("Lưu", "Save"))
                                }.class("inline")
                            }
                        }
                    }
                }
            }
        }
    }
}
