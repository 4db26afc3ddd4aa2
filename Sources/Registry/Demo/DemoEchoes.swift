import EduCore

extension DemoProvince {
    /// Second records of some demo students, as the merger left them: the same child entered again by the other
    /// province's system (here its continuing-education centre), without a personal ID and with the usual
    /// differences: none, a dropped middle name, day and month swapped, or the name typed without diacritics.
    /// Rows in the student sheet's shape, so they load through the ordinary importer; linkage should find each.
    public func echoes(every interval: Int) -> [[String]] {
        var rows: [[String]] = []
        var index = 0
        forEachStudent { row in
            defer { index += 1 }
            guard index % interval == interval - 1 else { return }
            let (name, birth) = (row[1], CalendarDate(iso: row[2])!)
            let otherCentre = row[0].hasPrefix("030") ? "03150001" : "03050002"
            var echo = [otherCentre, name, birth.iso, row[3], "TN" + row[4], ""] + Array(repeating: "", count: 3) + Array(row[9...])
            switch rows.count % 4 {
            case 1:
                let words = name.split(separator: " ")
                if words.count > 2 { echo[1] = (words.prefix(1) + words.suffix(1)).joined(separator: " ") }
            case 2 where birth.day <= 12 && birth.day != birth.month:
                echo[2] = CalendarDate(year: birth.year, month: birth.day, day: birth.month)!.iso
            case 2, 3:
                echo[1] = PersonName.foldedKey(name).uppercased()
            default: break
            }
            rows.append(echo)
        }
        return rows
    }
}
