import EduCore
@testable import Quality
import Testing

/// Blocking across two lists makes exactly the pairs across them that blocking one list of both would make: every rule,
/// the one for records without a birth date included.
@Suite struct BlockingTests {
    @Test func pairsAcrossTwoListsAreTheCrossPairsOfOne() {
        let records = LinkageDemoData.generate(entities: 1500, seed: 9).enumerated().map { index, row in
            let record = LinkageTests.record(row)
            // One in five without a birth date, for the rule that pairs those by name alone.
            return index % 5 == 0 ? PersonRecord(recordID: record.recordID, nationalID: record.nationalID, fullName: record.fullName,
                                                  gender: record.gender, birthplace: record.birthplace) : record
        }
        let prepared = records.map(PreparedRecord.init)
        let split = prepared.count / 3
        let across = Blocking.candidatePairs(prepared, splitAt: split)
        let all = Blocking.candidatePairs(prepared)
        func first(_ pair: UInt64) -> Int { Int(pair >> 32) }
        func second(_ pair: UInt64) -> Int { Int(pair & 0xFFFF_FFFF) }

        #expect(across == all.filter { first($0) < split && second($0) >= split })
        #expect(all.contains { second($0) < split }, "pairs within a list exist, and are left out")
        #expect(across.contains { prepared[first($0)].birth == nil || prepared[second($0)].birth == nil }, "the rule without a birth date")
    }
}
