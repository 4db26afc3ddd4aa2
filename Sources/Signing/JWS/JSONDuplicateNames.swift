import Foundation

/// Finds an object that names a member twice. RFC 7515 §4 asks a JWS reader to reject that or keep
/// the last value, but Foundation's `JSONDecoder` keeps the first: two readers of one file could then
/// see different headers or payloads. So such input is refused.
enum JSONDuplicateNames {
    /// `json` must already have decoded as JSON: the scan then only needs to tell names from values,
    /// and stays a loop, with no recursion that deep nesting could exhaust.
    static func exist(in json: [UInt8]) -> Bool {
        // One entry per open object or array: the names seen so far in an object, nil for an array.
        var open: [Set<String>?] = []
        var index = json.startIndex
        while index < json.endIndex {
            switch json[index] {
            case UInt8(ascii: "{"): open.append([])
            case UInt8(ascii: "["): open.append(nil)
            case UInt8(ascii: "}"), UInt8(ascii: "]"): _ = open.popLast()
            case UInt8(ascii: "\""):
                let end = endOfString(startingAt: index, in: json)
                if case .some(.some) = open.last, colonFollows(end, in: json) {
                    guard let name = name(json[index..<end]), open[open.count - 1]?.insert(name).inserted == true else {
                        return true
                    }
                }
                index = end
                continue
            default: break
            }
            index += 1
        }
        return false
    }

    /// The member name a quoted string stands for. Escapes are decoded, so "alg" and "\u0061lg" are one name.
    private static func name(_ quoted: ArraySlice<UInt8>) -> String? {
        guard quoted.contains(UInt8(ascii: "\\")) else { return String(decoding: quoted.dropFirst().dropLast(), as: UTF8.self) }
        return try? JSONDecoder().decode(String.self, from: Data(quoted))
    }

    /// The index just past the closing quote of the string that opens at `start`.
    private static func endOfString(startingAt start: Int, in json: [UInt8]) -> Int {
        var index = start + 1
        while index < json.endIndex, json[index] != UInt8(ascii: "\"") {
            index += json[index] == UInt8(ascii: "\\") ? 2 : 1
        }
        return min(index + 1, json.endIndex)
    }

    /// Inside an object, a string followed by a colon is a member name; any other string is a value.
    private static func colonFollows(_ index: Int, in json: [UInt8]) -> Bool {
        json[index...].first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) } == UInt8(ascii: ":")
    }
}
