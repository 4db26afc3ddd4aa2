import Admissions
import Foundation

// The matching step alone: reads the files once, then times DeferredAcceptance.allocate several times.
// usage: admissionsbench SCHOOLS APPLICANTS [RUNS] [RANK_PENALTY]
let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write(Data("usage: admissionsbench SCHOOLS APPLICANTS [RUNS] [RANK_PENALTY]\n".utf8))
    exit(2)
}
let runs = arguments.count > 3 ? Int(arguments[3]) ?? 7 : 7
let rules = AllocationRules(rankPenalty: arguments.count > 4 ? Points(arguments[4]) ?? .zero : .zero)
let readStart = ContinuousClock.now
let problem = try AllocationInput.read(schools: arguments[1], applicants: arguments[2]).problem
let readTime = ContinuousClock.now - readStart
var times: [Duration] = []
var placed = 0
for _ in 0..<runs {
    let start = ContinuousClock.now
    placed = DeferredAcceptance.allocate(problem, rules: rules).placedCount
    times.append(ContinuousClock.now - start)
}
times.sort()
func ms(_ duration: Duration) -> String { String(format: "%.1f ms", Double(duration.components.attoseconds) / 1e15 + Double(duration.components.seconds) * 1000) }
print("applicants \(problem.applicantCount), schools \(problem.schools.count), placed \(placed)")
print("read files: \(ms(readTime)); allocate: median \(ms(times[times.count / 2])), min \(ms(times[0])), max \(ms(times[times.count - 1])) over \(runs) runs")
