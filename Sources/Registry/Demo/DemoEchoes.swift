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
            let (name, birth) = Self.retyped(name: row[1], birth: CalendarDate(iso: row[2])!, variant: rows.count)
            rows.append([Self.otherCentre(of: row[0]), name, birth.iso, row[3], "TN" + row[4], ""] + Array(repeating: "", count: 3) + Array(row[9...]))
        }
        return rows
    }

    /// The same for staff: every `interval`-th staff member entered again at the other province's centre, without a
    /// personal ID and with the same differences, as a teacher there (never a second principal of the centre, who
    /// would sign its học bạ). Rows in the staff sheet's shape.
    public func staffEchoes(every interval: Int) -> [[String]] {
        stride(from: interval - 1, to: staff.count, by: max(interval, 1)).enumerated().map { variant, index in
            let row = staff[index]
            let (name, birth) = Self.retyped(name: row[1], birth: CalendarDate(iso: row[2])!, variant: variant)
            // Staff codes are per school: the school's code keeps the centre's codes apart.
            return [Self.otherCentre(of: row[0]), name, birth.iso, row[3], "TN" + row[0] + row[4], "", "Giáo viên"] + Array(row[7...])
        }
    }

    private static func otherCentre(of school: String) -> String { school.hasPrefix("030") ? "03150001" : "03050002" }

    /// A record typed again, by `variant` in turn: as it was, the middle name dropped, day and month swapped (when the
    /// day can be a month), or without diacritics in capitals.
    private static func retyped(name: String, birth: CalendarDate, variant: Int) -> (String, CalendarDate) {
        switch variant % 4 {
        case 1:
            let words = name.split(separator: " ")
            return (words.count > 2 ? (words.prefix(1) + words.suffix(1)).joined(separator: " ") : name, birth)
        case 2 where birth.day <= 12 && birth.day != birth.month:
            return (name, CalendarDate(year: birth.year, month: birth.day, day: birth.month)!)
        case 2, 3:
            return (PersonName.foldedKey(name).uppercased(), birth)
        default:
            return (name, birth)
        }
    }
}
