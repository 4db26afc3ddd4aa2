// The standard library's own normaliser is several times faster than Foundation's, which goes
// through CFString; its decomposition is reached through the same SPI swift-foundation uses.
@_spi(_Unicode) import Swift

extension String {
    /// The text in Unicode Normalization Form C (precomposed: "ễ" is one scalar).
    public var nfc: String {
        LatinLetters.isNFC(self) ? self : nfcByUnicode
    }

    /// `nfc` by the standard library's normaliser, for any text.
    var nfcByUnicode: String {
        String(decoding: _nfcCodeUnits, as: UTF8.self)
    }

    /// Lower case without diacritics, `đ` folded to `d`: the key that makes searches ignore
    /// case and tone marks. Marks are the scalars that canonical decomposition splits off.
    public var foldedForSearch: String {
        LatinLetters.folded(self) ?? foldedByUnicode
    }

    /// `foldedForSearch` by canonical decomposition and Unicode's lower-case mapping, for any text.
    var foldedByUnicode: String {
        var folded = String.UnicodeScalarView()
        for scalar in _nfd where scalar.properties.canonicalCombiningClass == .notReordered {
            switch scalar {
            case "đ", "Đ": folded.append("d")
            default: folded.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return String(folded)
    }
}

extension Unicode.Scalar {
    /// White space by Unicode, with ASCII and the Vietnamese letters answered without a table of Unicode properties.
    var isSpace: Bool {
        value < 0x80 ? value == 0x20 || (0x09...0x0D).contains(value) : !LatinLetters.isStableLetter(value) && properties.isWhitespace
    }
}
