import Admissions
import EduCore

/// Builds allocation problems for the tests: by hand (scores and preference codes) or at random.
struct Instance {
    var problem = AllocationProblem()

    /// `specialised`: the codes of the specialised schools.
    init(quotas: [(String, Int)], specialised: Set<String> = []) {
        for (code, quota) in quotas { problem.addSchool(.init(code: code, quota: quota, isSpecialised: specialised.contains(code))) }
    }

    /// Per applicant: the schools in whose catchment they live.
    private var homes: [Set<Int32>] = []

    /// `preferences`: school codes in order; ranks 1, 2, 3… unless `ranks` says otherwise. `livesIn`: the codes of the
    /// schools whose catchment the applicant lives in.
    mutating func add(_ id: String, score: String, tiebreak: Int64, _ preferences: [String], ranks: [Int32]? = nil, direct: String? = nil,
                      livesIn: [String] = []) {
        let schools = preferences.map { code in Int32(school(code)) }
        let ranks = ranks ?? (1...Int32(max(schools.count, 1))).prefix(schools.count).map { $0 }
        let home = Set(livesIn.map { Int32(school($0)) })
        homes.append(home)
        problem.addApplicant(id: id, admissionScore: Points(score)!, tiebreak: tiebreak,
                             preferences: zip(schools, ranks).map { .init(school: $0, rank: $1, inCatchment: home.contains($0)) },
                             directAdmission: direct.map { Int32(school($0)) })
    }

    func school(_ code: String) -> Int { problem.schools.firstIndex { $0.code == code }! }
    func applicant(_ id: String) -> Int { problem.applicantIDs.firstIndex(of: id)! }

    /// Random schools and applicants; scores in quarter points from 0 to 10 so ties on the score are common.
    /// `specialised`: how many of the schools are specialised; `directEvery`: every so many applicants is admitted
    /// directly to a random school that still has room (0: none); `catchments`: each applicant lives in the catchment
    /// of each school with a chance of one in three.
    static func random(applicants: Int, schools: Int, maxQuota: Int, maxPreferences: Int, seed: UInt64,
                       specialised: Int = 0, directEvery: Int = 0, catchments: Bool = false) -> Instance {
        var random = SeededRandom(seed: seed)
        var instance = Instance(quotas: (0..<schools).map { ("S\($0)", Int.random(in: 0...maxQuota, using: &random)) },
                                specialised: Set((0..<specialised).map { "S\($0)" }))
        var directRoom = instance.problem.schools.map(\.quota)
        let tiebreaks = (0..<Int64(applicants)).shuffled(using: &random)
        for applicant in 0..<applicants {
            let count = Int.random(in: 0...min(maxPreferences, schools), using: &random)
            let listed = (0..<schools).shuffled(using: &random).prefix(count).map { "S\($0)" }
            let score = Points(hundredths: Int64(Int.random(in: 0...40, using: &random) * 25))
            var direct: String?
            if directEvery > 0 && applicant % directEvery == 0, let school = directRoom.indices.filter({ directRoom[$0] > 0 }).randomElement(using: &random) {
                directRoom[school] -= 1
                direct = "S\(school)"
            }
            let home = catchments ? (0..<schools).filter { _ in Int.random(in: 0..<3, using: &random) == 0 }.map { "S\($0)" } : []
            instance.add("A\(applicant)", score: score.description, tiebreak: tiebreaks[applicant], listed, direct: direct, livesIn: home)
        }
        return instance
    }

    /// The same applicants, one of them listing `preferences` (school indexes, ranks 1, 2, …) instead.
    func replacingPreferences(of target: Int, with preferences: [Int32]) -> AllocationProblem {
        var copy = AllocationProblem(schools: problem.schools)
        for applicant in 0..<problem.applicantCount {
            let listed = applicant == target
                ? preferences.enumerated().map { AllocationProblem.Preference(school: $1, rank: Int32($0 + 1), inCatchment: homes[target].contains($1)) }
                : Array(problem.preferences(of: applicant))
            let direct = problem.directAdmissions[applicant]
            copy.addApplicant(id: problem.applicantIDs[applicant], admissionScore: problem.admissionScores[applicant],
                              tiebreak: problem.tiebreaks[applicant], preferences: listed, directAdmission: direct >= 0 ? direct : nil)
        }
        return copy
    }
}
