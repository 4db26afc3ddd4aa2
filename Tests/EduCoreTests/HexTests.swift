import EduCore
import Testing

@Suite struct HexTests {
    @Test func decodingUndoesEncodingForEveryByte() {
        let bytes = (0...255).map(UInt8.init)
        #expect(Hex.decode(Hex.encode(bytes)) == bytes)
        #expect(Hex.decode("00FFaB") == [0x00, 0xFF, 0xAB])
        #expect(Hex.decode("") == [])
    }

    @Test(arguments: ["0", "abc", "0g", "zz", " 00", "0x00", "ÿÿ"])
    func textThatIsNotWholeBytesOfHexIsRefused(_ text: String) {
        #expect(Hex.decode(text) == nil)
    }
}
