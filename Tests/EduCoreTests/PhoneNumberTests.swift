import EduCore
import Testing

@Suite struct PhoneNumberTests {
    @Test(arguments: ["0912345678", "0912 345 678", "0912.345.678", "(091) 234-5678", "+84 912 345 678", " +84912345678 "])
    func whatPeopleTypeReadsAsTenDigits(_ typed: String) {
        #expect(PhoneNumber(typed)?.digits == "0912345678")
    }

    @Test(arguments: ["", "912345678", "09123456789", "1912345678", "+85 912 345 678", "09123456７8", "0912abc678"])
    func anythingElseIsRefused(_ typed: String) {
        #expect(PhoneNumber(typed) == nil)
    }

    @Test func aPageShowsOnlyThePrefixAndTheLastThreeDigits() {
        #expect(PhoneNumber("0912345678")?.masked == "091****678")
    }
}
