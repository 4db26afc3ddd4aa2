import Admissions
import EduCore
import Testing

/// A campaign's scoring as data: weighted papers, minimums, and the national priority and prize points of TT 30/2024.
@Suite struct CampaignRulesTests {
    let rules = try! CampaignRules(papers: [.init(subject: "Toán"), .init(subject: "Ngữ văn"), .init(subject: "Tiếng Anh", weight: 2)])

    func p(_ text: String) -> Points { Points(text)! }

    @Test func theExamScoreIsTheWeightedSumExactToTheHundredth() {
        #expect(rules.examScore(["Toán": p("8.25"), "Ngữ văn": p("7.5"), "Tiếng Anh": p("6.75")]) == .success(p("29.25")))
    }

    @Test func aPaperMissingAtOrBelowItsMinimumOrAboveTenMakesTheApplicantIneligible() {
        for scores in [["Toán": p("8"), "Ngữ văn": p("7")], ["Toán": p("8"), "Ngữ văn": p("0"), "Tiếng Anh": p("5")],
                       ["Toán": p("10.25"), "Ngữ văn": p("7"), "Tiếng Anh": p("5")]] {
            guard case .failure(let reason) = rules.examScore(scores) else { Issue.record("accepted \(scores)"); continue }
            #expect(reason.vi.contains("Ngữ văn") || reason.vi.contains("Tiếng Anh") || reason.vi.contains("Toán"))
        }
        let strict = try! CampaignRules(papers: [.init(subject: "Toán", minimum: p("2"))])
        #expect(strict.examScore(["Toán": p("2")]) != .success(p("2")), "a minimum is exceeded, not met")
        #expect(strict.examScore(["Toán": p("2.25")]) == .success(p("2.25")))
    }

    @Test func nationalPriorityAndPrizePointsAddUp() {
        #expect(CampaignRules.bonus(group: .group1, prize: nil, under: nil) == p("2"))
        #expect(CampaignRules.bonus(group: .group3, prize: .first, under: rules) == p("2.5"))
        #expect(CampaignRules.bonus(group: nil, prize: .third, under: nil) == p("0.5"))
        #expect(CampaignRules.bonus(group: nil, prize: nil, under: nil) == .zero)
    }

    @Test func papersAreNamedOnceAndWeighedOneToThree() {
        #expect(throws: EduError.self) { try CampaignRules(papers: [.init(subject: "Toán"), .init(subject: "toán")]) }
        #expect(throws: EduError.self) { try CampaignRules(papers: [.init(subject: "Toán", weight: 4)]) }
        #expect(throws: EduError.self) { try CampaignRules(papers: []) }
    }
}
