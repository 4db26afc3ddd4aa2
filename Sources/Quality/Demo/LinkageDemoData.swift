import EduCore
import Foundation
import Tabular

/// A synthetic, labelled data set for linkage: people of the merged province, each in one to four records from the
/// two provinces' databases, later imports and transfers, with the corruption real records show — no personal ID,
/// an ID typo, names without diacritics, in capitals, with extra spaces, decomposed (NFD) or with the tone mark on
/// the other vowel, a dropped middle name, day and month swapped, a missing or shifted date, no gender, a birthplace
/// written another way. The same seed gives the same data on every machine.
public enum LinkageDemoData {
    public static let personsHeader = ["record_id", "source", "national_id", "full_name", "date_of_birth", "gender", "birthplace"]

    /// Writes `persons.csv` and `truth.csv` (`record_id,entity_id`) into `folder`.
    public static func write(entities: Int, seed: UInt64, to folder: String) throws -> Int {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let rows = generate(entities: entities, seed: seed)
        let persons = try TableWriter(path: folder + "/persons.csv", format: .csv, header: personsHeader, csvStyle: .plain)
        let truth = try TableWriter(path: folder + "/truth.csv", format: .csv, header: ["record_id", "entity_id"], csvStyle: .plain)
        for row in rows {
            try persons.write(row.cells)
            try truth.write([row.cells[0], "E\(row.entity)"])
        }
        try persons.close()
        try truth.close()
        return rows.count
    }

    public struct Row: Sendable {
        public let cells: [String]
        public let entity: Int
    }

    public static func generate(entities: Int, seed: UInt64) -> [Row] {
        var random = SeededRandom(seed: seed)
        var rows: [Row] = []
        for entity in 1...max(entities, 1) {
            let person = Person(random: &random)
            let copies = random.weighted([(1, 55), (2, 30), (3, 12), (4, 3)])
            for copy in 0..<copies {
                let source = copy == 0 ? (person.nationalID.hasPrefix("031") ? "hai_phong" : "hai_duong")
                    : random.weighted([("hai_phong", 30), ("hai_duong", 30), ("import_2025", 25), ("chuyen_truong", 15)])
                rows.append(Row(cells: [""] + person.corrupted(source: source, random: &random), entity: entity))
            }
        }
        rows.shuffle(using: &random)
        return rows.enumerated().map { index, row in
            Row(cells: [String(format: "R%08d", index + 1)] + row.cells.dropFirst(), entity: row.entity)
        }
    }

    private struct Person {
        let gender: Gender, name: String, birth: CalendarDate, nationalID: String, birthplace: String

        init(random: inout SeededRandom) {
            gender = Bool.random(using: &random) ? .male : .female
            // Children born since 2008 often carry four-word names (two middle names): two in five here.
            var parts = VietnameseNames.make(gender, using: &random).split(separator: " ").map(String.init)
            if Int.random(in: 0..<5, using: &random) < 2 {
                let middles = (gender == .male ? VietnameseNames.maleMiddle : VietnameseNames.femaleMiddle) + VietnameseNames.maleGiven + VietnameseNames.femaleGiven
                parts.insert(middles.randomElement(using: &random)!, at: 2)
            }
            name = parts.joined(separator: " ")
            birth = CalendarDate(year: Int.random(in: 2008...2019, using: &random), month: Int.random(in: 1...12, using: &random),
                                 day: Int.random(in: 1...28, using: &random))!
            let province = random.weighted([("031", 55), ("030", 45)])
            // Born 2000–2099: the century-and-gender digit is 2 for boys, 3 for girls.
            nationalID = province + (gender == .male ? "2" : "3") + String(format: "%02d", birth.year % 100)
                + String(format: "%06d", Int.random(in: 0...999_999, using: &random))
            birthplace = random.weighted([("Hải Phòng", 45), ("Hải Dương", 35), ("Hà Nội", 8), ("Quảng Ninh", 5), ("Thái Bình", 4), ("Hưng Yên", 3)])
        }

        func corrupted(source: String, random: inout SeededRandom) -> [String] {
            [source, id(&random), spelled(&random), date(&random),
             Int.random(in: 0..<100, using: &random) < 10 ? "" : gender.vietnamese, place(&random)]
        }

        private func id(_ random: inout SeededRandom) -> String {
            let roll = Int.random(in: 0..<100, using: &random)
            guard roll >= 20 else { return "" }
            guard roll < 23 else { return nationalID }
            var digits = Array(nationalID)
            let position = Int.random(in: 4..<11, using: &random)
            if Bool.random(using: &random) {
                digits.swapAt(position, position + 1)
            } else {
                digits[position] = Character(String((Int(String(digits[position]))! + Int.random(in: 1...9, using: &random)) % 10))
            }
            return String(digits)
        }

        private func spelled(_ random: inout SeededRandom) -> String {
            var text = name
            if Int.random(in: 0..<100, using: &random) < 6 {
                // The middle name dropped: of a four-word name, the first middle name.
                var parts = text.split(separator: " ")
                parts.remove(at: 1)
                text = parts.joined(separator: " ")
            }
            if Int.random(in: 0..<100, using: &random) < 10 {
                for (modern, old) in [("oà", "òa"), ("oá", "óa"), ("oạ", "ọa"), ("uỷ", "ủy"), ("uý", "úy")] {
                    text = text.replacingOccurrences(of: modern, with: old)
                }
            }
            switch Int.random(in: 0..<100, using: &random) {
            case 0..<12: text = text.foldedForSearch.split(separator: " ").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
            case 12..<20: text = text.uppercased()
            case 20..<28: text = " " + text.replacingOccurrences(of: " ", with: "  ") + " "
            case 28..<33: text = text.decomposedStringWithCanonicalMapping
            default: break
            }
            return text
        }

        private func date(_ random: inout SeededRandom) -> String {
            switch Int.random(in: 0..<100, using: &random) {
            case 0..<3: return ""
            case 3..<7 where birth.day <= 12 && birth.day != birth.month:
                return CalendarDate(year: birth.year, month: birth.day, day: birth.month)!.iso
            case 7..<9: return CalendarDate(year: birth.year, month: birth.month, day: birth.day % 28 + 1)!.iso
            default: return birth.iso
            }
        }

        private func place(_ random: inout SeededRandom) -> String {
            switch Int.random(in: 0..<100, using: &random) {
            case 0..<25: ""
            case 25..<35: ["Hải Phòng", "Hà Nội"].contains(birthplace) ? "Thành phố " + birthplace : "Tỉnh " + birthplace
            case 35..<45: ["Hải Phòng", "Hà Nội"].contains(birthplace) ? "TP. " + birthplace : "tỉnh " + birthplace
            default: birthplace
            }
        }
    }
}
