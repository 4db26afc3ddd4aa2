import EduCore

/// The refusals of the admissions store, each with a stable code and both messages.
enum AdmissionsError {
    static let notFound = EduError("admissions.not_found", vi: "Không tìm thấy đợt tuyển sinh hoặc hồ sơ", en: "No such campaign or application")
    static let campaignExists = EduError("admissions.campaign_exists", vi: "Năm học và khối lớp này đã có đợt tuyển sinh",
                                         en: "This school year and grade already have a campaign")
    static let grade = EduError("admissions.grade", vi: "Tuyển sinh đầu cấp là lớp 1, 6 hoặc 10", en: "Entry admissions are for grade 1, 6 or 10")
    static let preferenceCount = EduError("admissions.preference_count", vi: "Số nguyện vọng từ 1 đến 10", en: "The number of preferences is 1 to 10")
    static let schoolYear = EduError("admissions.school_year", vi: "Năm học viết dạng 2026-2027", en: "Write the school year as 2026-2027")

    static func status(_ status: Campaign.Status, needed: String) -> EduError {
        EduError("admissions.status", vi: "Đợt tuyển sinh đang ở trạng thái \(status.rawValue): việc này cần \(needed)",
                 en: "The campaign is \(status.rawValue): this needs it \(needed)")
    }

    static let duplicateApplication = EduError("admissions.duplicate", vi: "Học sinh này đã có hồ sơ trong đợt tuyển sinh",
                                               en: "This child already has an application in the campaign")
    static let tooManyPreferences = EduError("admissions.preferences", vi: "Nhiều nguyện vọng hơn mức đợt tuyển sinh cho phép",
                                             en: "More preferences than the campaign allows")
    static let repeatedPreference = EduError("admissions.preferences", vi: "Một trường được chọn hai lần", en: "A school is listed twice")
    static let schoolNotInCampaign = EduError("admissions.school", vi: "Trường không tham gia đợt tuyển sinh này",
                                              en: "The school does not take part in this campaign")
    static let notAdmitted = EduError("admissions.not_admitted",
                                      vi: "Hồ sơ không ở trạng thái trúng tuyển đã công bố (hoặc đã xác nhận nhập học)",
                                      en: "The application is not admitted with published results (or is already enrolled)")
    static let full = EduError("admissions.full", vi: "Trường đã đủ chỉ tiêu nhập học", en: "The school's places are all taken")
    static let reason = EduError("admissions.reason", vi: "Cần ghi lý do điều chỉnh", en: "An adjustment needs a reason")
    static let catchmentGrade = EduError("admissions.catchment_grade", vi: "Tuyến tuyển sinh chỉ áp dụng cho lớp 1 và lớp 6",
                                         en: "Catchments apply to grades 1 and 6 only")
    static func unknownCommune(_ codes: [String]) -> EduError {
        EduError("admissions.commune", vi: "Không có xã, phường, đặc khu hiện hành mang mã \(codes.joined(separator: ", "))",
                 en: "No current commune, ward or special zone has the code \(codes.joined(separator: ", "))")
    }
    static let residenceReason = EduError("admissions.residence_reason", vi: "Cần ghi lý do không xác nhận nơi cư trú",
                                          en: "Refusing a residence needs a reason")
    static let residenceChanged = EduError("admissions.residence_changed",
                                           vi: "Nơi cư trú của hồ sơ vừa được quyết định hoặc đối chiếu: hãy tải lại trang",
                                           en: "The residence was decided or checked meanwhile: reload the page")
    static let localityLength = EduError("admissions.locality", vi: "Tên thôn, tổ dân phố hoặc đường quá dài (tối đa 120 ký tự)",
                                         en: "The village, neighbourhood or street name is too long (120 characters at most)")
    static func residencesPending(_ count: Int) -> EduError {
        EduError("admissions.residences_pending",
                 vi: "Còn \(count) hồ sơ chờ xác minh nơi cư trú: hãy đối chiếu hoặc quyết định (xác minh hay không xác nhận) trước khi xét tuyển",
                 en: "\(count) residences still wait for a decision: check or decide them (verify or refuse) before allocating")
    }
    static func deadlineNotPassed(_ deadline: CalendarDate) -> EduError {
        EduError("admissions.deadline", vi: "Hạn xác nhận nhập học \(deadline.iso) chưa qua: chưa thể trả lại chỗ",
                 en: "The confirmation deadline \(deadline.iso) has not passed: places cannot be released yet")
    }
    static func deadlinePast(_ deadline: CalendarDate) -> EduError {
        EduError("admissions.deadline_past", vi: "Hạn xác nhận nhập học \(deadline.iso) đã qua: hãy chọn một ngày từ hôm nay trở đi",
                 en: "The confirmation deadline \(deadline.iso) is past: choose today or a later day")
    }
    static let quota = EduError("admissions.quota", vi: "Chỉ tiêu là số nguyên không âm", en: "The quota is a whole number, zero or more")
    static let noResidence = EduError("admissions.no_residence", vi: "Hồ sơ không khai nơi cư trú", en: "The application states no residence")
    static let outsideSchedule = EduError("admissions.schedule", vi: "Ngoài thời gian nhận hồ sơ của đợt tuyển sinh",
                                          en: "Outside the campaign's days for applications")
    static let scheduleOrder = EduError("admissions.schedule_order", vi: "Ngày kết thúc nhận hồ sơ không được trước ngày bắt đầu",
                                        en: "Applications cannot close before they open")
    static func schoolLevel(grade: Int) -> EduError {
        EduError("admissions.school_level", vi: "Trường không dạy lớp \(grade)", en: "The school does not teach grade \(grade)")
    }

    static let appealGrounds = EduError("admissions.appeal_grounds", vi: "Hãy ghi nội dung khiếu nại", en: "Write the grounds of the appeal")
    static let appealNote = EduError("admissions.appeal_note", vi: "Hãy ghi nội dung trả lời đơn khiếu nại", en: "Write the answer to the appeal")
    static let appealLength = EduError("admissions.appeal_length", vi: "Nội dung quá dài (tối đa 2000 ký tự)",
                                       en: "The text is too long (2000 characters at most)")
    static let appealPending = EduError("admissions.appeal_pending", vi: "Hồ sơ đã có một đơn khiếu nại đang chờ giải quyết",
                                        en: "The application already has an appeal waiting for a decision")
    static let appealDecided = EduError("admissions.appeal_decided", vi: "Đơn khiếu nại này đã được giải quyết",
                                        en: "This appeal has already been decided")
    static let appealEnrolled = EduError("admissions.appeal_enrolled", vi: "Học sinh đã xác nhận nhập học: không nhận đơn khiếu nại về kết quả",
                                         en: "The child is enrolled: the result can no longer be appealed")
    static let dismissedPlacement = EduError("admissions.appeal_placement", vi: "Đơn không được chấp nhận thì không xếp trường",
                                             en: "A dismissed appeal places the application nowhere")
    static func appealsClosed(_ deadline: CalendarDate) -> EduError {
        EduError("admissions.appeals_closed", vi: "Đã hết hạn nhận đơn khiếu nại (hết ngày \(deadline.vietnamese))",
                 en: "Appeals closed at the end of \(deadline.vietnamese)")
    }
    static let enrolledThere = EduError("admissions.enrolled_there", vi: "Học sinh đã nhập học tại trường này", en: "The child is enrolled at this school")
    static let changedMeanwhile = EduError("admissions.changed", vi: "Hồ sơ vừa thay đổi (ví dụ vừa xác nhận nhập học): hãy tải lại trang và làm lại",
                                           en: "The application changed meanwhile (an enrolment confirmed, say): reload the page and try again")
    static let supplementaryClosed = EduError("admissions.supplementary_closed", vi: "Không trong thời gian đăng ký nguyện vọng xét tuyển bổ sung",
                                              en: "Preferences for the supplementary round are not being taken")
    static let supplementaryPlaced = EduError("admissions.supplementary_placed", vi: "Chỉ hồ sơ không trúng tuyển mới đăng ký nguyện vọng bổ sung",
                                              en: "Only applications placed nowhere register preferences for the supplementary round")
    static let noPreference = EduError("admissions.preferences", vi: "Hãy chọn ít nhất một nguyện vọng", en: "Choose at least one preference")
    static func noPlaceLeft(_ school: String) -> EduError {
        EduError("admissions.no_place_left", vi: "\(school) đã hết chỗ", en: "\(school) has no place left")
    }
    static let supplementaryIneligible = EduError("admissions.supplementary_ineligible",
                                                  vi: "Hồ sơ không đủ điều kiện xét tuyển (do một bài thi) nên không đăng ký nguyện vọng bổ sung",
                                                  en: "The application is not eligible (a paper) and takes no part in the supplementary round")
    static func registrationPast(_ day: CalendarDate) -> EduError {
        EduError("admissions.registration_past", vi: "Hạn đăng ký nguyện vọng bổ sung \(day.vietnamese) đã qua: hãy chọn một ngày từ hôm nay trở đi",
                 en: "The registration deadline \(day.vietnamese) is past: choose today or a later day")
    }
    static func registrationOpen(_ day: CalendarDate) -> EduError {
        EduError("admissions.registration_open",
                 vi: "Đang nhận đăng ký nguyện vọng bổ sung đến hết ngày \(day.vietnamese): xét tuyển bổ sung sau ngày đó, hoặc đóng đăng ký trước",
                 en: "New preferences are taken until the end of \(day.vietnamese): run the round after that day, or close registration first")
    }
    static let scoreRange = EduError("admissions.score_range", vi: "Điểm quá lớn (tối đa 1000)", en: "The score is too large (1000 at most)")
    static let scoresPublished = EduError("admissions.scores_published",
                                          vi: "Kết quả đã công bố: không nhập lại điểm cả đợt; điểm phúc khảo nhập từng hồ sơ rồi điều chỉnh kết quả",
                                          en: "The results are published: no whole-campaign scores file; a re-marked paper is entered for its application, then the result adjusted")
    static let rulesInUse = EduError("admissions.rules_in_use", vi: "Đã có hồ sơ được nhập điểm bài thi theo quy định hiện tại: không đổi quy định được nữa",
                                     en: "Paper scores are already recorded under the current rules: they can no longer be changed")
    static let rulesChanged = EduError("admissions.rules_changed", vi: "Quy định bài thi vừa thay đổi: hãy tải lại trang hoặc tệp",
                                       en: "The paper rules changed meanwhile: reload the page or upload the file again")
    static let registerResidenceUnusable = EduError("admissions.register_residence",
                                                    vi: "Nơi cư trú theo CSDL quốc gia về dân cư không dùng được cho tuyến tuyển sinh: hãy chọn xã, phường, đặc khu",
                                                    en: "The population register's residence cannot be used for the catchments: choose the commune or ward")
    static let registerNoResidence = EduError("admissions.register_residence",
                                              vi: "Chưa lấy được nơi cư trú của con từ CSDL quốc gia về dân cư: hãy chọn xã, phường, đặc khu; nơi cư trú sẽ được đối chiếu sau",
                                              en: "The child's residence could not be taken from the population register: choose the commune or ward; it will be checked later")
    static let registerMismatch = EduError("admissions.register_mismatch",
                                           vi: "Số định danh, họ tên hoặc ngày sinh không khớp CSDL quốc gia về dân cư: hãy kiểm tra lại",
                                           en: "The personal ID, name or date of birth does not match the national population register: check them")
    static let registerQuota = EduError("admissions.register_quota",
                                        vi: "Hôm nay đã đối chiếu CSDL dân cư \(AdmissionsStore.registerLookupsPerDay) lần: hãy thử lại vào ngày mai, hoặc nộp hồ sơ tại trường",
                                        en: "The population register was asked \(AdmissionsStore.registerLookupsPerDay) times today: try again tomorrow, or apply at the school")
    static let papersRequired = EduError("admissions.papers_required", vi: "Đợt tuyển sinh có quy định bài thi: hãy nhập điểm từng bài",
                                         en: "The campaign has paper rules: record each paper's score")
}
