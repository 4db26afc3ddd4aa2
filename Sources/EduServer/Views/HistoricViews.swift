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
