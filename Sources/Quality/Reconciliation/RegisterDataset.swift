import EduCore
import Foundation

/// The people a simulated register knows: made from our own students with the differences real registers show — some
/// not registered, names written differently, other birth dates or genders — so a reconciliation finds all three
/// verdicts. The same seed gives the same dataset.
public struct RegisterDataset: Sendable, Codable {
    public struct Person: Sendable, Codable, Hashable {
        public let nationalID: String
        public let fullName: String
        public let dateOfBirth: String
        public let gender: String
        public let residence: RegisteredResidence?

        enum CodingKeys: String, CodingKey {
            case nationalID = "national_id", fullName = "full_name", dateOfBirth = "date_of_birth", gender, residence
        }

        public init(nationalID: String, fullName: String, dateOfBirth: String, gender: String, residence: RegisteredResidence? = nil) {
            self.nationalID = nationalID
            self.fullName = fullName
            self.dateOfBirth = dateOfBirth
            self.gender = gender
            self.residence = residence
        }

        public func with(fullName: String? = nil, dateOfBirth: String? = nil, gender: String? = nil) -> Person {
            Person(nationalID: nationalID, fullName: fullName ?? self.fullName, dateOfBirth: dateOfBirth ?? self.dateOfBirth,
                   gender: gender ?? self.gender, residence: residence)
        }
    }

    public let persons: [Person]
    /// The persons by personal ID (the first of any repeated ID), built once: a register answers many batches.
    private let index: [String: Person]

    public init(persons: [Person]) {
        self.persons = persons
        index = Dictionary(persons.map { ($0.nationalID, $0) }, uniquingKeysWith: { first, _ in first })
    }

    private enum CodingKeys: String, CodingKey { case persons }

    public init(from decoder: any Decoder) throws {
        self.init(persons: try decoder.container(keyedBy: CodingKeys.self).decode([Person].self, forKey: .persons))
    }

    public static func decoded(from data: Data) throws -> RegisterDataset {
        try JSONDecoder().decode(RegisterDataset.self, from: data)
    }

    /// From (personal ID, name, birth date, gender) of our records: 1 % left out, 2 % another name (the middle name
    /// dropped or another given name), 1 % another birth date, 0.5 % the other gender.
    public static func derived(from people: [Person], seed: UInt64) -> RegisterDataset {
        var random = SeededRandom(seed: seed)
        var persons: [Person] = []
        for person in people {
            let roll = Int.random(in: 0..<1000, using: &random)
            switch roll {
            case 0..<10: continue
            case 10..<30:
                var words = person.fullName.split(separator: " ").map(String.init)
                if words.count > 2 { words.remove(at: 1) } else { words[words.count - 1] += "h" }
                persons.append(person.with(fullName: words.joined(separator: " ")))
            case 30..<40:
                let shifted = CalendarDate(iso: person.dateOfBirth).map { CalendarDate(year: $0.year, month: $0.month, day: $0.day % 28 + 1)!.iso }
                persons.append(person.with(dateOfBirth: shifted))
            case 40..<45:
                persons.append(person.with(gender: person.gender == "male" ? "female" : "male"))
            default:
                persons.append(person)
            }
        }
        return RegisterDataset(persons: persons)
    }

    /// The verdict the register gives a query: names compare without case, diacritics or spacing; the gender only when
    /// asked about; a verified person's residence comes with the answer.
    public func verdicts(_ queries: [RegisterQuery]) -> [RegisterVerdict] {
        queries.map { query in
            guard let person = index[query.nationalID] else { return RegisterVerdict(status: .notFound) }
            var differences: [String: String] = [:]
            if PersonName.foldedKey(person.fullName) != PersonName.foldedKey(query.fullName) { differences["full_name"] = person.fullName }
            if person.dateOfBirth != query.dateOfBirth { differences["date_of_birth"] = person.dateOfBirth }
            if let gender = query.gender, person.gender != gender { differences["gender"] = person.gender }
            return differences.isEmpty
                ? RegisterVerdict(status: .verified, residence: person.residence)
                : RegisterVerdict(status: .mismatch, register: differences)
        }
    }
}
