import EduCore

/// A believable merged province (Hải Phòng + Hải Dương) for demos, tests and benchmarks:
/// communes, wards and special zones; schools at every level; classes, staff and students with
/// Vietnamese names and well-formed personal IDs. The same seed gives the same province.
/// Rows come in each sheet's import shape, so the demo is loaded by the ordinary importer.
public struct DemoProvince: Sendable {
    public struct UnitSeed: Sendable, Equatable {
        public let code: String, name: String, kind: UnitKind, parentCode: String?, provinceCode: String

        public init(code: String, name: String, kind: UnitKind, parentCode: String?, provinceCode: String) {
            self.code = code
            self.name = name
            self.kind = kind
            self.parentCode = parentCode
            self.provinceCode = provinceCode
        }
    }

    /// A ward or commune before 01/07/2025 and the one it was merged into.
    public struct FormerUnit: Sendable, Equatable {
        public let unit: UnitSeed, successorCode: String
    }

    public let schoolYear = "2025-2026"
    public let units: [UnitSeed]
    public let formerUnits: [FormerUnit]
    public let schools: [[String]]
    public let staff: [[String]]
    public let classes: [[String]]
    private let plan: [ClassPlan]
    private let seed: UInt64

    /// Where each class's students come from: the class and how many it has.
    struct ClassPlan: Sendable {
        let schoolCode: String, provinceCode: String, name: String, grade: Int, size: Int, firstIndex: Int
    }

    public var studentCount: Int { plan.reduce(0) { $0 + $1.size } }

    public init(students: Int, seed: UInt64) {
        self.seed = seed
        var random = SeededRandom(seed: seed)
        let department = UnitSeed(code: "SGD031", name: "Sở Giáo dục và Đào tạo Hải Phòng", kind: .department,
                                  parentCode: nil, provinceCode: "031")
        let communes = Self.communes.enumerated().map { index, entry in
            UnitSeed(code: "X\(entry.province)\(String(format: "%03d", index + 1))", name: entry.name, kind: entry.kind,
                     parentCode: department.code, provinceCode: "031")
        }
        units = [department] + communes
        let formerDepartment = UnitSeed(code: "SGD030", name: "Sở Giáo dục và Đào tạo Hải Dương", kind: .department, parentCode: nil,
                                        provinceCode: "030")
        formerUnits = [FormerUnit(unit: formerDepartment, successorCode: department.code)] + Self.formerWards.enumerated().flatMap { index, names in
            names.enumerated().map { number, name in
                FormerUnit(unit: UnitSeed(code: "\(communes[index].code)-\(number + 1)", name: name, kind: .ward,
                                          parentCode: department.code, provinceCode: "031"),
                           successorCode: communes[index].code)
            }
        }

        // Schools: each commune runs a preschool, a primary and a lower-secondary school, and one commune a liên cấp
        // school; the department runs upper-secondary and continuing-education schools.
        var schoolList: [(code: String, name: String, levels: [SchoolLevel], unit: String, legacy: String)] = []
        for (index, commune) in communes.enumerated() {
            let place = Self.communes[index].name.split(separator: " ").dropFirst().joined(separator: " ")
            let legacy = Self.communes[index].province
            schoolList.append(("\(legacy)1\(String(format: "%04d", index + 1))", "Trường Mầm non \(place)", [.preschool], commune.code, legacy))
            schoolList.append(("\(legacy)2\(String(format: "%04d", index + 1))", "Trường Tiểu học \(place)", [.primary], commune.code, legacy))
            schoolList.append(("\(legacy)3\(String(format: "%04d", index + 1))", "Trường THCS \(place)", [.lowerSecondary], commune.code, legacy))
        }
        // A liên cấp school: primary and lower secondary under one principal, one code.
        schoolList.append(("03160001", "Trường Tiểu học và THCS Lý Tự Trọng", [.primary, .lowerSecondary], communes[2].code, "031"))
        for (index, name) in Self.upperSecondary.enumerated() {
            schoolList.append(("0314\(String(format: "%04d", index + 1))", "Trường THPT \(name)", [.upperSecondary], department.code, index % 3 == 2 ? "030" : "031"))
        }
        schoolList.append(("03150001", "Trung tâm GDNN-GDTX Hải Phòng", [.continuing], department.code, "031"))
        schoolList.append(("03050002", "Trung tâm GDNN-GDTX Hải Dương", [.continuing], department.code, "030"))
        schools = schoolList.map { school in
            // About one preschool in four is private, as in Vietnamese cities; other levels are public.
            let ownership = school.levels == [.preschool] && Int.random(in: 0..<4, using: &random) == 0 ? "private" : "public"
            return [school.code, school.name, SchoolLevel.format(school.levels), ownership, school.unit,
                    "\(school.name.replacingOccurrences(of: "Trường ", with: "")), Hải Phòng", SchoolStatus.initial.rawValue]
        }

        // Students per level in the shares of a real province, spread over its schools and grades.
        let shares: [SchoolLevel: Double] = [.preschool: 0.2, .primary: 0.38, .lowerSecondary: 0.26, .upperSecondary: 0.14, .continuing: 0.02]
        var staffRows: [[String]] = [], classRows: [[String]] = [], plan: [ClassPlan] = []
        var studentIndex = 0
        for school in schoolList {
            var staffNumber = 0
            for level in school.levels {
                let sameLevel = schoolList.filter { $0.levels.contains(level) }.count
                let total = Int((Double(students) * shares[level]! / Double(sameLevel)).rounded())
                let grades = Array(level.grades)
                for (gradeIndex, grade) in grades.enumerated() {
                    let inGrade = total / grades.count + (gradeIndex < total % grades.count ? 1 : 0)
                    guard inGrade > 0 else { continue }
                    let classCount = (inGrade + 34) / 35
                    for number in 1...classCount {
                        staffNumber += 1
                        let gender: Gender = Int.random(in: 0..<10, using: &random) < 7 ? .female : .male
                        let teacherCode = "GV\(String(format: "%04d", staffNumber))"
                        staffRows.append(Self.staffRow(school: school.code, code: teacherCode, gender: gender,
                                                       province: school.legacy, index: staffRows.count, level: level, random: &random))
                        let name = grade == 0 ? "Mẫu giáo \(number)" : "\(grade)A\(number)"
                        classRows.append([school.code, schoolYear, String(grade), name, teacherCode])
                        let size = inGrade / classCount + (number <= inGrade % classCount ? 1 : 0)
                        plan.append(ClassPlan(schoolCode: school.code, provinceCode: school.legacy, name: name, grade: grade,
                                              size: size, firstIndex: studentIndex))
                        studentIndex += size
                    }
                }
            }
            // A principal for every school.
            staffNumber += 1
            staffRows.append(Self.staffRow(school: school.code, code: "GV\(String(format: "%04d", staffNumber))", gender: .male,
                                           province: school.legacy, index: staffRows.count, level: school.levels.last!,
                                           position: "Hiệu trưởng", random: &random))
        }
        staff = staffRows
        classes = classRows
        self.plan = plan
    }

    /// Calls `body` with every student row in order; rows are made on the fly, so a million cost no memory.
    public func forEachStudent(_ body: ([String]) throws -> Void) rethrows {
        for item in plan {
            // Each class draws from its own stream, so rows do not depend on the order they are made in.
            var random = SeededRandom(seed: seed &+ UInt64(item.firstIndex) &* 0x2545_F491_4F6C_DD1D)
            for offset in 0..<item.size {
                let index = item.firstIndex + offset
                let gender: Gender = Bool.random(using: &random) ? .male : .female
                let birthYear = item.grade == 0 ? 2020 + Int.random(in: 0...2, using: &random) : 2019 - (item.grade - 1)
                let dob = CalendarDate(year: birthYear, month: Int.random(in: 1...12, using: &random), day: Int.random(in: 1...28, using: &random))!
                let name = VietnameseNames.make(gender, using: &random)
                let guardian = VietnameseNames.make(Bool.random(using: &random) ? .male : .female, using: &random)
                let phone = "09\(String(format: "%08d", Int.random(in: 0..<100_000_000, using: &random)))"
                try body([item.schoolCode, name, dob.iso, gender.vietnamese, "HS\(String(format: "%07d", index + 1))",
                      Self.nationalID(province: item.provinceCode, gender: gender, year: birthYear, serial: index),
                      item.name, String(item.grade), schoolYear, "Kinh", item.provinceCode == "030" ? "Hải Dương" : "Hải Phòng",
                      "Số \(index % 200 + 1), \(Self.streets[index % Self.streets.count])", guardian, phone,
                      StudentStatus.initial.rawValue])
            }
        }
    }

    /// `PPP G YY NNNNNN`: the serial is spread over six digits, unique for up to a million people per year and sex.
    static func nationalID(province: String, gender: Gender, year: Int, serial: Int) -> String {
        let century = (year / 100 - 19) * 2 + (gender == .female ? 1 : 0)
        return "\(province)\(century)\(String(format: "%02d", year % 100))\(String(format: "%06d", (serial * 7919 + 13) % 1_000_000))"
    }

    private static func staffRow(school: String, code: String, gender: Gender, province: String, index: Int,
                                 level: SchoolLevel, position: String = "Giáo viên", random: inout SeededRandom) -> [String] {
        let year = 1965 + Int.random(in: 0...35, using: &random)
        let dob = CalendarDate(year: year, month: Int.random(in: 1...12, using: &random), day: Int.random(in: 1...28, using: &random))!
        let subjects = level == .primary || level == .preschool ? "" : subjectsByLevel.randomElement(using: &random)!
        return [school, VietnameseNames.make(gender, using: &random), dob.iso, gender.vietnamese, code,
                nationalID(province: province, gender: gender, year: year, serial: 500_000 + index),
                position, subjects, ["Cử nhân", "Thạc sĩ", "Cao đẳng"].randomElement(using: &random)!, StaffStatus.initial.rawValue]
    }

    static let subjectsByLevel = ["Toán", "Ngữ văn", "Tiếng Anh", "Khoa học tự nhiên", "Lịch sử và Địa lí", "Tin học",
                                  "Giáo dục thể chất", "Vật lí", "Hoá học", "Sinh học"]

    static let streets = ["đường Lạch Tray", "đường Lê Lợi", "đường Trần Phú", "đường Nguyễn Lương Bằng",
                          "phố Điện Biên Phủ", "đường Thanh Niên", "phố Hoàng Văn Thụ", "đường Văn Cao"]

    static let upperSecondary = ["Trần Phú", "Ngô Quyền", "Nguyễn Trãi", "Thái Phiên", "Lê Quý Đôn", "Hồng Quang",
                                 "Kiến An", "Nguyễn Bỉnh Khiêm", "Thanh Hà", "Vĩnh Bảo", "Chí Linh", "Nam Sách"]

    /// Some of the wards the first three new wards were formed from (demo data, not the official mapping).
    static let formerWards: [[String]] = [
        ["Phường Hoàng Văn Thụ", "Phường Minh Khai", "Phường Phan Bội Châu"],
        ["Phường Máy Chai", "Phường Lạc Viên", "Phường Gia Viên"],
        ["Phường An Biên", "Phường Dư Hàng", "Phường Trại Cau"],
    ]

    /// Commune-level units after 01/07/2025 in the two former provinces (031 Hải Phòng, 030 Hải Dương).
    static let communes: [(name: String, kind: UnitKind, province: String)] = [
        ("Phường Hồng Bàng", .ward, "031"), ("Phường Ngô Quyền", .ward, "031"), ("Phường Lê Chân", .ward, "031"),
        ("Phường Hải An", .ward, "031"), ("Phường Kiến An", .ward, "031"), ("Phường Đồ Sơn", .ward, "031"),
        ("Phường Dương Kinh", .ward, "031"), ("Phường Thủy Nguyên", .ward, "031"), ("Xã An Lão", .commune, "031"),
        ("Xã Kiến Thụy", .commune, "031"), ("Xã Tiên Lãng", .commune, "031"), ("Xã Vĩnh Bảo", .commune, "031"),
        ("Đặc khu Cát Hải", .specialZone, "031"), ("Đặc khu Bạch Long Vĩ", .specialZone, "031"),
        ("Phường Thành Đông", .ward, "030"), ("Phường Lê Thanh Nghị", .ward, "030"), ("Phường Việt Hòa", .ward, "030"),
        ("Phường Chí Linh", .ward, "030"), ("Phường Kinh Môn", .ward, "030"), ("Xã Nam Sách", .commune, "030"),
        ("Xã Thanh Hà", .commune, "030"), ("Xã Gia Lộc", .commune, "030"), ("Xã Tứ Kỳ", .commune, "030"),
        ("Xã Ninh Giang", .commune, "030"), ("Xã Thanh Miện", .commune, "030"), ("Xã Cẩm Giàng", .commune, "030"),
        ("Xã Bình Giang", .commune, "030"), ("Xã Kim Thành", .commune, "030"),
    ]
}

import Foundation
