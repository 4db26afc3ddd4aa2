import EduCore
import Foundation
import Platform
import Registry
import Storage

/// Name-search benchmark: times `RegistryStore.students(matching:)` for realistic name prefixes
/// (and personal-ID and student-code lookups) on the database named by EDUVN_DATABASE_URL,
/// with a department-wide reach, and prints p50/p95/p99.
/// Usage: edubench [QUERIES [STUDENTS]]   (default 1000; STUDENTS: the `--students` the demo was made with, whose
/// personal IDs and codes are looked up, else the number of students stored)
let queries = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 1000
let demoSize = CommandLine.arguments.dropFirst(2).first.flatMap(Int.init)
let configuration = try Configuration.load()
let database = try await configuration.openDatabase()
let store = RegistryStore(database.sql, cipher: configuration.cipher)
let reach = Reach(allSchools: true, schools: [], classes: [], writableAll: false, writableSchools: [])

// Prefixes people type: a family name, family + middle, or a whole name, cut at a random length.
var random = SeededRandom(seed: 99)
let samples = DemoProvince(students: 2000, seed: 1)
var names: [String] = []
samples.forEachStudent { names.append($0[1]) }
let texts = (0..<queries).map { _ -> String in
    let name = PersonName.foldedKey(names.randomElement(using: &random)!)
    return String(name.prefix(Int.random(in: 4...name.count, using: &random)))
}

func measure(_ label: String, _ inputs: [String]) async throws {
    var times: [Double] = []
    var found = 0
    for text in inputs {
        let start = ContinuousClock.now
        found += try await store.students(matching: text, in: reach, limit: 50).count
        let elapsed = ContinuousClock.now - start
        times.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
    }
    times.sort()
    func percentile(_ p: Double) -> String { String(format: "%.2f", times[min(times.count - 1, Int(Double(times.count) * p))]) }
    print("\(label): \(inputs.count) queries, p50 \(percentile(0.5)) ms, p95 \(percentile(0.95)) ms, p99 \(percentile(0.99)) ms, \(found) rows returned")
}

struct Row: Decodable { let n: Int }
let total = try await database.sql.raw("SELECT COUNT(*) AS n FROM students").first(decoding: Row.self)!.n
print("database: \(database.url), \(total) students")
try await measure("name prefix", texts)
var ids: [String] = [], codes: [String] = []
DemoProvince(students: demoSize ?? total, seed: 1).forEachStudent { row in
    if Int.random(in: 0..<max(total / queries, 1), using: &random) == 0 { ids.append(row[5]); codes.append(row[4]) }
}
try await measure("personal ID", Array(ids.prefix(queries)))
try await measure("student code", Array(codes.prefix(queries)))
await database.close()
