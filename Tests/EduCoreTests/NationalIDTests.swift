import EduCore
import Testing

@Suite struct NationalIDTests {
    @Test(arguments: ["031205000123", " 031205000123 "])
    func acceptsTwelveDigits(_ text: String) {
        #expect(NationalID(text)?.digits == "031205000123")
    }

    @Test(arguments: ["", "03120500012", "0312050001234", "03120500012a", "０３１２０５０００１２３", "031 205 000 123"])
    func rejectsOtherShapes(_ text: String) {
        #expect(NationalID(text) == nil)
    }

    @Test func decodesCenturyGenderAndYear() {
        let female2007 = NationalID("031307000001")!
        #expect(female2007.encodedGender == .female)
        #expect(female2007.encodedBirthYear == 2007)
        let male1985 = NationalID("030085000001")!
        #expect(male1985.encodedGender == .male)
        #expect(male1985.encodedBirthYear == 1985)
    }

    @Test func mismatchesAreWarningsNotRejections() {
        let id = NationalID("031307000001")!
        #expect(id.warnings(birthYear: 2007, gender: .female).isEmpty)
        #expect(id.warnings(birthYear: 2008, gender: .female).count == 1)
        #expect(id.warnings(birthYear: 2007, gender: .male).count == 1)
    }

    @Test func unknownProvinceIsAcceptedWithAWarning() {
        let id = NationalID("999307000001")!
        let warnings = id.warnings(birthYear: nil, gender: nil)
        #expect(warnings.count == 1)
        #expect(warnings[0].en.contains("999"))
    }
}

@Suite struct ProvinceTests {
    @Test func bothCodeSetsHaveTheirSizes() {
        #expect(Province.legacy63.count == 63)
        #expect(Province.current.count == 34)
    }

    @Test func haiDuongMergedIntoHaiPhong() {
        #expect(Province.successor(ofLegacy: "030")?.name == "Hải Phòng")
        #expect(Province.successor(ofLegacy: "031")?.code == "031")
        #expect(Province.successor(ofLegacy: "046")?.name == "Huế")
        #expect(Province.successor(ofLegacy: "999") == nil)
    }

    @Test func everyLegacyProvinceHasOneSuccessor() {
        for province in Province.legacy63 {
            #expect(Province.successor(ofLegacy: province.code) != nil, "\(province.name)")
        }
    }
}
