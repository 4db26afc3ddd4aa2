import Foundation
import SwiftASN1

/// `Accuracy ::= SEQUENCE { seconds INTEGER OPTIONAL, millis [0] INTEGER (1..999) OPTIONAL, micros [1] INTEGER (1..999) OPTIONAL }`
/// (RFC 3161 §2.4.2): how far genTime may be from the true time, either way. An absent field counts as zero,
/// and DER writes none that is zero.
struct Accuracy: DERImplicitlyTaggable, Hashable, Sendable {
    static var defaultIdentifier: ASN1Identifier { .sequence }
    private static let fractionRange = 1...999

    var seconds: Int
    var millis: Int
    var micros: Int

    init(seconds: Int = 0, millis: Int = 0, micros: Int = 0) {
        self.seconds = seconds
        self.millis = millis
        self.micros = micros
    }

    var interval: TimeInterval {
        Double(seconds) + Double(millis) / 1_000 + Double(micros) / 1_000_000
    }

    init(derEncoded rootNode: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(rootNode, identifier: identifier) { nodes in
            let seconds = try DER.optionalImplicitlyTagged(&nodes, tag: .integer) as Int? ?? 0
            let fractions = try [0, 1].map { tagNumber in
                try DER.optionalImplicitlyTagged(&nodes, tag: ASN1Identifier(tagWithNumber: tagNumber, tagClass: .contextSpecific)).map { (value: Int) in
                    guard Self.fractionRange.contains(value) else {
                        throw ASN1Error.invalidASN1Object(reason: "Accuracy millis and micros must be 1 to 999")
                    }
                    return value
                } ?? 0
            }
            guard seconds >= 0 else { throw ASN1Error.invalidASN1Object(reason: "Accuracy seconds must not be negative") }
            return Accuracy(seconds: seconds, millis: fractions[0], micros: fractions[1])
        }
    }

    func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            for (value, tag) in [(seconds, ASN1Identifier.integer), (millis, .init(tagWithNumber: 0, tagClass: .contextSpecific)),
                                 (micros, .init(tagWithNumber: 1, tagClass: .contextSpecific))] where value != 0 {
                try value.serialize(into: &coder, withIdentifier: tag)
            }
        }
    }
}
