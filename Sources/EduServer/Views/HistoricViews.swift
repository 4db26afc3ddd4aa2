import Plot
import Records

/// Past years' results as the học bạ of their time wrote them: each row in the labels of its rule set, and the rule set
/// named, so a TT58 "Khá" is never read as a TT22 one.
struct HistoricResultsTable: Component {
    let results: [HistoricResult]
    let t: Localizer

    var body: Component {
        Div {
            if !results.isEmpty {
                H2(t("Kết quả các năm học trước (theo quy định từng thời kỳ)", "Earlier school years (under the rules of their time)"))
                Table(header: TableRow {
                    TableHeaderCell(t("Năm học", "School year")); TableHeaderCell(t("Khối", "Grade")); TableHeaderCell(t("Trường", "School"))
                    TableHeaderCell(t("Học lực / học tập", "Learning")); TableHeaderCell(t("Hạnh kiểm / rèn luyện", "Conduct"))
                    TableHeaderCell(t("ĐTB cả năm", "Year average")); TableHeaderCell(t("Kết quả", "Outcome"))
                    TableHeaderCell(t("Khen thưởng", "Award")); TableHeaderCell(t("Quy định", "Rules"))
                }) {
                    for result in results {
                        TableRow {
                            TableCell(result.schoolYear); TableCell(String(result.grade)); TableCell(result.schoolName)
                            TableCell(result.learning); TableCell(result.conduct ?? "–"); TableCell(result.average ?? "–")
                            TableCell(result.outcome); TableCell(result.award ?? ""); TableCell(t(result.regime.label))
                        }
                    }
                }
            }
        }
    }
}

/// The học bạ a student brought from other schools, as received (their signatures were checked when taken in), each
/// with its signed PDF.
struct TransferredHocBaTable: Component {
    let studentID: Int
    let records: [TransferredHocBa]
    let t: Localizer

    var body: Component {
        Div {
            if !records.isEmpty {
                H2(t("Học bạ chuyển đến từ trường khác (đã kiểm tra chữ ký số)", "Học bạ brought from other schools (signatures checked)"))
                Table(header: TableRow {
                    TableHeaderCell(t("Năm học", "School year")); TableHeaderCell(t("Trường", "School")); TableHeaderCell(t("Lớp", "Class"))
                    TableHeaderCell(t("Kết quả", "Outcome")); TableHeaderCell(t("Bản ký số", "Signed copy"))
                }) {
                    for record in records {
                        TableRow {
                            TableCell(record.document.schoolYear); TableCell(record.document.school); TableCell(record.document.className)
                            TableCell(record.document.semesters == 1 ? t("Học kì I (chuyển trường giữa năm)", "Semester I (moved mid-year)")
                                                                     : record.document.outcome ?? "–")
                            TableCell { Link("PDF", url: "/students/\(studentID)/hoc-ba-chuyen-den/\(record.id)") }
                        }
                    }
                }
            }
        }
    }
}

