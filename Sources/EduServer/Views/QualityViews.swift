import EduCore
import Foundation
import Plot
import Quality

/// The data-quality dashboard (the province's score per rule family over time, as an SVG chart; the worst schools and
/// communes) and a school's worklist. Everything is drawn on the server: no JavaScript.
enum QualityViews {
    static let target = 98.5

    static func dashboard(trend: [(takenOn: String, scores: [QualityRule.Family: QualityStore.Score])], schools: [QualityStore.UnitScore],
                          communes: [QualityStore.UnitScore], rates: [ReconciliationStore.UnitRate], tally: ReconciliationStore.Tally?,
                          t: Localizer) -> Component {
        Div {
            H1(t("Chất lượng dữ liệu: đúng, đủ, sạch, sống", "Data quality: correct, complete, clean, live"))
            Paragraph { Link(t("Hồ sơ có thể trùng lặp: xem xét và gộp", "Records that may be duplicates: review and merge"), url: "/quality/linkage") }
            H2(t("Xác thực với CSDL quốc gia về dân cư (mục tiêu 98,5 %)", "Verified against the population register (target 98.5 %)"))
            if let tally {
                Table(header: TableRow {
                    Text(t("Toàn tỉnh", "Province")); Text(t("Đã xác thực", "Verified")); Text(t("Tổng số", "All")); Text(t("Tỉ lệ", "Rate"))
                    Text(t("Sai lệch", "Mismatches")); Text(t("Không tìm thấy", "Not found"))
                }) {
                    TableRow {
                        TableCell(t("Học sinh", "Students")); TableCell(String(tally.verified)); TableCell(String(tally.students))
                        TableCell(percent(tally.percent)).class(tally.percent >= target ? "ok" : "error")
                        TableCell(String(tally.mismatch)); TableCell(String(tally.notFound))
                    }
                    TableRow {
                        TableCell(t("Cán bộ, giáo viên", "Staff")); TableCell(String(tally.staffVerified)); TableCell(String(tally.staff))
                        TableCell(percent(tally.staffPercent)).class(tally.staffPercent >= target ? "ok" : "error")
                        TableCell("–"); TableCell("–")
                    }
                }
            }
            Table(header: TableRow {
                Text(t("Xã, phường", "Commune"))
                Text(t("Đã xác thực", "Verified"))
                Text(t("Học sinh", "Students"))
                Text(t("Tỉ lệ", "Rate"))
            }) {
                for rate in rates.prefix(10) {
                    TableRow {
                        TableCell(rate.name)
                        TableCell(String(rate.verified))
                        TableCell(String(rate.students))
                        TableCell(percent(rate.percent)).class(rate.percent >= target ? "ok" : "error")
                    }
                }
            }
            if trend.isEmpty {
                Paragraph(t("Chưa có lần kiểm tra nào. Chạy: eduvn quality run", "No run yet. Run: eduvn quality run"))
            } else {
                Table(header: TableRow {
                    Text(t("Nhóm quy tắc", "Rule family"))
                    Text(t("Điểm lần gần nhất", "Latest score"))
                    Text(t("Số lỗi", "Findings"))
                }) {
                    for family in QualityRule.Family.allCases {
                        if let score = trend.last?.scores[family] {
                            TableRow {
                                TableCell(t(family.label))
                                TableCell(percent(score.percent)).class(score.percent >= target ? "ok" : "error")
                                TableCell(String(score.failures))
                            }
                        }
                    }
                }
                H2(t("Xu hướng toàn tỉnh", "Province trend"))
                Node<HTML.BodyContext>.raw(TrendChart(trend: trend, t: t).svg)
                H2(t("Các trường điểm thấp nhất", "Schools with the lowest scores"))
                ranking(schools, link: { "/quality/schools/\($0)" }, t: t)
                H2(t("Các xã, phường điểm thấp nhất", "Communes with the lowest scores"))
                ranking(communes, link: nil, t: t)
            }
        }
    }

    static func worklist(school: String, schoolID: Int, items: [QualityStore.WorkItem], mismatches: [ReconciliationStore.Mismatch],
                         canAccept: Bool, csrf: String?, t: Localizer) -> Component {
        Div {
            H1(t("Việc cần sửa: \(school)", "To fix: \(school)"))
            if !mismatches.isEmpty {
                H2(t("Khác với CSDL quốc gia về dân cư", "Different from the population register"))
                Table(header: TableRow {
                    Text(t("Hồ sơ", "Record"))
                    Text(t("Trường thông tin", "Field"))
                    Text(t("Hồ sơ của trường", "School's record"))
                    Text(t("CSDL dân cư", "Population register"))
                    Text("")
                }) {
                    for mismatch in mismatches {
                        TableRow {
                            TableCell { record(mismatch.entity, id: mismatch.recordID, name: mismatch.fullName, t: t) }
                            TableCell(mismatch.fields.map(\.name).joined(separator: ", "))
                            TableCell(mismatch.fields.map(\.ours).joined(separator: ", "))
                            TableCell(mismatch.fields.map(\.register).joined(separator: ", "))
                            TableCell {
                                if canAccept {
                                    Form(url: "/quality/schools/\(schoolID)/accept/\(mismatch.entity.rawValue)/\(mismatch.recordID)", method: .post) {
                                        CSRFField(token: csrf)
                                        SubmitButton(t("Nhận theo CSDL dân cư", "Accept the register's values"))
                                    }
                                }
                            }
                        }
                    }
                }
                H2(t("Lỗi theo quy tắc chất lượng", "Quality rule findings"))
            }
            if items.isEmpty {
                Paragraph(t("Không có lỗi nào trong lần kiểm tra gần nhất.", "Nothing found in the latest run.")).class("ok")
            } else {
                Table(header: TableRow {
                    Text(t("Hồ sơ", "Record"))
                    Text(t("Vấn đề", "Problem"))
                    Text(t("Mức độ", "Severity"))
                }) {
                    for item in items {
                        TableRow {
                            TableCell { record(item.entity, id: item.recordID, name: item.label, t: t) }
                            TableCell(t(item.rule.message))
                            TableCell(item.rule.severity == .error ? t("Lỗi", "Error") : t("Cảnh báo", "Warning"))
                        }
                    }
                }
            }
        }
    }

    /// A record's name linked to its page; all but students marked with their kind.
    private static func record(_ entity: QualityRule.Entity, id: Int, name: String, t: Localizer) -> Component {
        let (path, kind): (String, Bilingual?) = switch entity {
        case .student: ("students", nil)
        case .staff: ("staff", Bilingual(vi: "cán bộ, giáo viên", en: "staff"))
        case .schoolClass: ("classes", Bilingual(vi: "lớp", en: "class"))
        case .school: ("schools", Bilingual(vi: "trường", en: "school"))
        }
        return ComponentGroup {
            Link(name, url: "/\(path)/\(id)")
            if let kind { Text(" (" + t(kind) + ")") }
        }
    }

    private static func ranking(_ units: [QualityStore.UnitScore], link: ((Int) -> String)?, t: Localizer) -> Component {
        Table(header: TableRow {
            Text(t("Mã", "Code"))
            Text(t("Tên", "Name"))
            Text(t("Điểm", "Score"))
        }) {
            for unit in units {
                TableRow {
                    TableCell(unit.code)
                    TableCell {
                        if let link { Link(unit.name, url: link(unit.id)) } else { Text(unit.name) }
                    }
                    TableCell(percent(unit.score.percent))
                }
            }
        }
    }

    static func percent(_ value: Double) -> String {
        String(format: "%.2f %%", value)
    }
}

/// A line chart of the province's score per family across runs, with the 98.5 % target, as inline SVG: readable with
/// no JavaScript, and every label text.
struct TrendChart {
    let trend: [(takenOn: String, scores: [QualityRule.Family: QualityStore.Score])]
    let t: Localizer

    private static let (width, height, left, bottom) = (640.0, 260.0, 48.0, 30.0)
    private static let colours = ["#1b5e20", "#0d47a1", "#e65100", "#6a1b9a", "#b71c1c"]

    var svg: String {
        let lowest = max(0, min(QualityViews.target - 5, trend.flatMap { $0.scores.values.map(\.percent) }.min() ?? 100) - 1).rounded(.down)
        let plotWidth = Self.width - Self.left - 10, plotHeight = Self.height - Self.bottom - 10
        func x(_ index: Int) -> Double { Self.left + (trend.count == 1 ? plotWidth / 2 : plotWidth * Double(index) / Double(trend.count - 1)) }
        func y(_ value: Double) -> Double { 10 + plotHeight * (100 - value) / (100 - lowest) }
        var parts = ["<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(Self.width)) \(Int(Self.height))\" role=\"img\" "
                     + "aria-label=\"\(escaped(t("Điểm chất lượng theo thời gian", "Quality score over time")))\" width=\"100%\" style=\"max-width:640px\">"]
        parts.append("<line x1=\"\(Self.left)\" y1=\"\(y(QualityViews.target))\" x2=\"\(Self.width - 10)\" y2=\"\(y(QualityViews.target))\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>")
        parts.append("<text x=\"\(Self.width - 12)\" y=\"\(y(QualityViews.target) - 4)\" text-anchor=\"end\" font-size=\"11\">\(escaped(t("mục tiêu 98,5 %", "target 98.5 %")))</text>")
        for value in [lowest, 100] {
            parts.append("<text x=\"\(Self.left - 6)\" y=\"\(y(value) + 4)\" text-anchor=\"end\" font-size=\"11\">\(Int(value)) %</text>")
        }
        for (index, point) in trend.enumerated() where index == 0 || index == trend.count - 1 {
            parts.append("<text x=\"\(x(index))\" y=\"\(Self.height - 8)\" text-anchor=\"middle\" font-size=\"11\">\(escaped(point.takenOn))</text>")
        }
        for (offset, family) in QualityRule.Family.allCases.enumerated() {
            let points = trend.enumerated().compactMap { index, point in point.scores[family].map { "\(x(index)),\(y($0.percent))" } }
            guard !points.isEmpty else { continue }
            let colour = Self.colours[offset % Self.colours.count]
            parts.append("<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"/>")
            parts.append("<text x=\"\(Self.left + 4 + Double(offset) * 118)\" y=\"\(Self.height - 20)\" font-size=\"11\" fill=\"\(colour)\">\(escaped(t(family.label)))</text>")
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    private func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }
}
