import SwiftASN1

extension ASN1NodeCollection.Iterator {
    /// The next field when its tag is one of `identifiers`, consumed; nil, consuming nothing, when it is an
    /// optional field that was left out and the next one (if any) is another field.
    mutating func optional(_ identifiers: ASN1Identifier...) -> ASN1Node? {
        var lookahead = self
        guard let node = lookahead.next(), identifiers.contains(node.identifier) else { return nil }
        self = lookahead
        return node
    }
}
