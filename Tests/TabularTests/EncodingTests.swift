import EduCore
import Foundation
import Testing
import Tabular

/// The fixtures hold this text in each legacy encoding (see Fixtures/make_fixtures.py).
let legacySample = """
    Mã HS,Họ và tên,Lớp,Địa chỉ
    001,Nguyễn Văn An,6A,"phường Bến Nghé, quận 1, thành phố Hồ Chí Minh"
    002,Trần Thị Bình,6A,"xã Hoà Phú, huyện Hoà Vang, thành phố Đà Nẵng"
    003,Lê Hoàng Cường,7B,"thị trấn Đông Anh, huyện Đông Anh, Hà Nội"
    004,Phạm Minh Đức,8C,"phường Vĩnh Ninh, thành phố Huế"

    """

@Suite struct EncodingTests {
    let scratch: Scratch
    init() throws { scratch = try Scratch() }

    @Test(arguments: [
        ("legacy-tcvn3.csv", "TCVN3 (ABC)"),
        ("legacy-vni.csv", "VNI"),
        ("legacy-windows1258.csv", "Windows-1258"),
    ])
    func namesTheLegacyEncoding(fixtureName: String, encoding: String) throws {
        let error = expectError("file.encoding") { _ = try TableFile.open(path: fixture(fixtureName)) }
        let message = try #require(error?.message)
        #expect(message.vi.contains("bảng mã cũ \(encoding)"))
        #expect(message.en.contains("legacy \(encoding) encoding"))
        #expect(message.vi.contains("CSV UTF-8") && message.en.contains("CSV UTF-8"))
        for other in ["TCVN3", "VNI", "Windows-1258"] where !encoding.hasPrefix(other) {
            #expect(!message.en.contains(other))
        }
        // Legacy-font text is garbled in Excel too, so those two also need converting first.
        #expect(message.vi.contains("Unikey") == (encoding != "Windows-1258"))
    }

    @Test(arguments: [String.Encoding.utf8, .utf16LittleEndian, .utf16BigEndian])
    func theSameTextInUnicodePasses(encoding: String.Encoding) throws {
        let bom: [UInt8] = switch encoding {
        case .utf16LittleEndian: [0xFF, 0xFE]
        case .utf16BigEndian: [0xFE, 0xFF]
        default: []
        }
        let path = try scratch.write("unicode.csv", Data(bom) + #require(legacySample.data(using: encoding)))
        let file = try TableFile.open(path: path)
        #expect(file.header == ["Mã HS", "Họ và tên", "Lớp", "Địa chỉ"])
        let all = try records(of: file)
        #expect(all.map(\.cells[1]) == ["Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "Phạm Minh Đức"])
        #expect(all.last?.cells[3] == "phường Vĩnh Ninh, thành phố Huế")
    }

    /// The check covers the whole file, not just its start: one TCVN3 row after 2 MB of ASCII is still caught.
    @Test func legacyBytesFarIntoTheFileAreCaught() throws {
        var data = Data("Ma,Ten\n".utf8)
        data.append(Data(String(repeating: "001,An\n", count: 300_000).utf8))
        data.append(try Data(contentsOf: URL(fileURLWithPath: fixture("legacy-tcvn3.csv"))))
        let path = try scratch.write("late.csv", data)
        let error = expectError("file.encoding") { _ = try TableFile.open(path: path) }
        #expect(error?.message.en.contains("TCVN3") == true)
    }

    @Test func brokenUTF16IsRefused() throws {
        let lonelySurrogate = Data([0xFF, 0xFE, 0x61, 0x00, 0x3D, 0xD8, 0x0A, 0x00])  // "a", half an emoji, LF
        let error = expectError("file.encoding") { _ = try TableFile.open(path: scratch.write("broken.csv", lonelySurrogate)) }
        #expect(error?.message.en.contains("broken UTF-16") == true)
    }

    @Test func utf16WithoutBOMIsRefused() throws {
        let path = try scratch.write("nobom.csv", #require("Mã,Tên\n001,An\n".data(using: .utf16LittleEndian)))
        let error = expectError("file.encoding") { _ = try TableFile.open(path: path) }
        #expect(error?.message.en.contains("UTF-16 without a byte-order mark") == true)
    }
}
