import EduCore
import Quality
import Testing

@Suite struct LinkageTests {
    @Test func linksTheSamePersonWrittenDifferently() {
        let records = [
            PersonRecord(recordID: "a", nationalID: NationalID("031208123456"), fullName: "Nguyễn Văn Hoà",
                         dateOfBirth: CalendarDate(year: 2010, month: 3, day: 7), gender: .male, birthplace: "Thành phố Hải Phòng"),
            // No ID, old tone-mark placement, decomposed, capitals, extra spaces, day and month swapped.
            PersonRecord(recordID: "b", fullName: "  NGUYỄN  VĂN HÒA ".decomposedStringWithCanonicalMapping,
                         dateOfBirth: CalendarDate(year: 2010, month: 7, day: 3), gender: .male, birthplace: "Hải Phòng"),
            // An ID typo (two digits swapped) and the middle name dropped.
            PersonRecord(recordID: "c", nationalID: NationalID("031208123465"), fullName: "Nguyen Hoa",
                         dateOfBirth: CalendarDate(year: 2010, month: 3, day: 7), gender: .male),
            // Someone else: same name, another birth date and ID.
            PersonRecord(recordID: "d", nationalID: NationalID("030209654321"), fullName: "Nguyễn Văn Hoà",
                         dateOfBirth: CalendarDate(year: 2011, month: 9, day: 20), gender: .male, birthplace: "Hải Dương"),
        ]
        // A real data set to estimate from: the model's parameters come from the data, so give it some.
        let background = LinkageDemoData.generate(entities: 3000, seed: 4).map(Self.record)
        let result = Deduplicator().deduplicate(records + background)
        let clusters = Array(result.clusters.prefix(4))
        #expect(clusters[0] == clusters[1])
        #expect(clusters[0] == clusters[2])
        #expect(clusters[3] != clusters[0])
    }

    /// The review queue's proposals: strongest first, the ID typo proposed, two different IDs never, however alike.
    @Test func proposalsLeaveOutDifferentIDsAndComeStrongestFirst() {
        let twin = { (id: String) in
            PersonRecord(recordID: id, nationalID: NationalID(id), fullName: "Trần Minh Khôi",
                         dateOfBirth: CalendarDate(year: 2012, month: 5, day: 9), gender: .male, birthplace: "Hải Phòng")
        }
        let records = [twin("031212345678"), twin("031212345687"), twin("031212999999")]
            + LinkageDemoData.generate(entities: 2000, seed: 5).map(Self.record)
        let links = Deduplicator().links(records, minimum: 0.5).links
        #expect(links.contains { $0.first == 0 && $0.second == 1 && $0.levels == [2, 1, 1, 1, 1] }, "one typo apart")
        #expect(!links.contains { $0.first < 3 && $0.second == 2 }, "different IDs are different people")
        #expect(links.map(\.probability) == links.map(\.probability).sorted(by: >))
    }

    /// Linking one list to another (a register's holders to the registry): each echo of a person on the left finds its
    /// original on the right; two echoes of one person on the left are never paired with each other.
    @Test func linksAcrossTwoListsOnly() throws {
        var seen = Set<Int>(), left: [LinkageDemoData.Row] = [], right: [LinkageDemoData.Row] = []
        for row in LinkageDemoData.generate(entities: 3000, seed: 7) {
            if seen.insert(row.entity).inserted { right.append(row) } else { left.append(row) }
        }
        try #require(left.count > 500)
        let links = Deduplicator().links(between: left.map(Self.record), and: right.map(Self.record), minimum: 0.5).links

        #expect(links.allSatisfy { left.indices.contains($0.first) && right.indices.contains($0.second) })
        let correct = links.filter { left[$0.first].entity == right[$0.second].entity }
        #expect(Double(correct.count) / Double(links.count) >= 0.95, "precision: \(correct.count) of \(links.count)")
        #expect(Double(Set(correct.map(\.first)).count) / Double(left.count) >= 0.9, "recall: \(Set(correct.map(\.first)).count) of \(left.count)")
        // An empty register, or an empty registry, links nothing (and estimates a model from nothing without failing).
        #expect(Deduplicator().links(between: [], and: right.map(Self.record), minimum: 0).links.isEmpty)
        #expect(Deduplicator().links(between: left.map(Self.record), and: [], minimum: 0).links.isEmpty)
    }

    /// Splink's term-frequency adjustment: the same agreement is stronger evidence on a rare name than on a common one.
    @Test func aRareSharedNameWeighsMoreThanACommonOne() throws {
        let person = { (id: String, name: String, day: Int) in
            PersonRecord(recordID: id, fullName: name, dateOfBirth: CalendarDate(year: 2010, month: 4, day: day), gender: .male)
        }
        let common = (1...30).map { person("an\($0)", "Nguyễn Văn An", $0) }
        let rare = [person("triet1", "Khổng Minh Triết", 2), person("triet2", "Khổng Minh Triết", 17)]
        let records = common + rare + LinkageDemoData.generate(entities: 2000, seed: 6).map(Self.record)
        let links = Deduplicator().links(records, minimum: 0).links
        // Both pairs: no ID, the same name, gender and birth year, another day; only the name's frequency differs.
        let rarePair = try #require(links.first { $0.first == 30 && $0.second == 31 })
        let commonPair = try #require(links.first { $0.first == 0 && $0.second == 29 })  // the 1st and the 30th: two digits apart
        #expect(rarePair.levels == commonPair.levels)
        #expect(rarePair.probability > commonPair.probability)
    }

    /// The generated data's own truth: pairwise F1 at least 0.97 (the goal), with every record in one cluster.
    @Test func generatedDataIsLinkedWell() {
        let rows = LinkageDemoData.generate(entities: 20_000, seed: 11)
        let result = Deduplicator().deduplicate(rows.map(Self.record))
        #expect(result.clusters.count == rows.count)
        let quality = PairwiseQuality(clusters: result.clusters, entities: rows.map(\.entity))
        #expect(quality.f1 >= 0.97, "\(quality)")
        #expect(quality.precision >= 0.95, "\(quality)")
    }

    @Test func pairwiseQualityCountsPairs() {
        // Truth: {1,2,3} {4}; predicted: {1,2} {3,4}. True pairs 3; predicted 2, of which 1 true.
        let quality = PairwiseQuality(clusters: ["x", "x", "y", "y"], entities: [1, 1, 1, 2])
        #expect(quality.truePositives == 1)
        #expect(quality.predicted == 2)
        #expect(quality.actual == 3)
        #expect(abs(quality.f1 - 0.4) < 1e-9)
    }

    @Test func generationIsRepeatable() {
        let first = LinkageDemoData.generate(entities: 200, seed: 3), second = LinkageDemoData.generate(entities: 200, seed: 3)
        #expect(first.map(\.cells) == second.map(\.cells))
        #expect(first.map(\.cells) != LinkageDemoData.generate(entities: 200, seed: 4).map(\.cells))
        #expect(Set(first.map(\.entity)).count == 200)
    }

    static func record(_ row: LinkageDemoData.Row) -> PersonRecord {
        let cells = row.cells
        return PersonRecord(recordID: cells[0], source: cells[1], nationalID: NationalID(cells[2]), fullName: cells[3].isEmpty ? nil : cells[3],
                            dateOfBirth: CalendarDate(iso: cells[4]), gender: Gender(parsing: cells[5]),
                            birthplace: cells[6].isEmpty ? nil : cells[6])
    }
}
