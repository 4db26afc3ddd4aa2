import EduCore

/// Why an applicant was placed where they were, in words: for every school that turned them away, its cut-off beside
/// the score that school ranked them by.
extension Allocation {
    public func explanation(of applicant: Int) -> Bilingual {
        if isDirectAdmission(applicant) {
            let school = problem.schools[Int(problem.directAdmissions[applicant])].code
            return Bilingual(vi: "Tuyển thẳng vào \(school).", en: "Directly admitted to \(school).")
        }
        let preferences = problem.preferences(of: applicant)
        guard !preferences.isEmpty else {
            return Bilingual(vi: "Không đăng ký nguyện vọng nào.", en: "No preferences were listed.")
        }
        let placed = placement(of: applicant)
        let position = position(of: applicant)
        var parts: [Bilingual] = preferences.enumerated()
            .filter { problem.turnedAway(applicant, at: $0.offset, placedAt: position) }
            .map { refusal(of: applicant, at: $0.element) }
        if let placed {
            let school = problem.schools[Int(placed.school)].code
            parts.append(Bilingual(vi: "Trúng tuyển nguyện vọng \(placed.rank): \(school).",
                                   en: "Admitted to preference \(placed.rank): \(school)."))
        } else {
            parts.append(Bilingual(vi: "Không trúng tuyển nguyện vọng nào.", en: "Not admitted to any preference."))
        }
        return Bilingual(vi: parts.map(\.vi).joined(separator: " "), en: parts.map(\.en).joined(separator: " "))
    }

    private func refusal(of applicant: Int, at preference: AllocationProblem.Preference) -> Bilingual {
        let school = Int(preference.school)
        let code = problem.schools[school].code
        let (vi, en) = ("Không trúng tuyển nguyện vọng \(preference.rank) (\(code)): ", "Not admitted to preference \(preference.rank) (\(code)): ")
        guard let lowest = lowestAdmitted[school] else {
            return Bilingual(vi: vi + "trường không có chỉ tiêu.", en: en + "the school has no places.")
        }
        if lowest.inCatchment && !preference.inCatchment {
            return Bilingual(vi: vi + "chỉ tiêu của trường đã dành hết cho trẻ cư trú trong tuyến; nơi cư trú của con không thuộc tuyến của trường hoặc chưa được xác minh.",
                             en: en + "the school's places all went to children living in its catchment; the child's residence is not in it or is not verified.")
        }
        let cutoff = lowest.score
        let admission = problem.admissionScores[applicant]
        let rank = problem.stageRank(of: preference, among: problem.preferences(of: applicant))
        let ranking = rules.rankingScore(admissionScore: admission, rank: rank)
        let yours: Bilingual = ranking == admission
            ? Bilingual(vi: "điểm xét tuyển của bạn \(admission)", en: "your admission score \(admission)")
            : Bilingual(vi: "điểm xét tuyển của bạn \(admission), trừ \(admission - ranking) vì là nguyện vọng \(rank), còn \(ranking)",
                        en: "your admission score \(admission), less \(admission - ranking) as preference \(rank): \(ranking)")
        let tie: Bilingual? = ranking == cutoff
            ? Bilingual(vi: "; bằng điểm chuẩn, xếp sau theo số thứ tự ưu tiên", en: "; equal to the cut-off, placed after on the tie-break number")
            : nil
        return Bilingual(vi: vi + "điểm chuẩn \(cutoff), \(yours.vi)\(tie?.vi ?? "").",
                         en: en + "cut-off \(cutoff), \(yours.en)\(tie?.en ?? "").")
    }
}
