import Foundation
import SwiftASN1

/// `Time ::= CHOICE { utcTime UTCTime, generalTime GeneralizedTime }` in a CRL (RFC 5280 §5.1.2.4-6): UTCTime
/// through 2049, GeneralizedTime from 2050, whole seconds in UTC. The signing-time attribute follows the same
/// rule, so `SigningTimeValue` writes and reads it.
enum CRLTime {
    static func encode(_ date: Date) throws -> ASN1Any {
        try SigningTimeValue.encode(date)
    }

    static func decode(_ node: ASN1Node) throws -> Date {
        try SigningTimeValue.decode(ASN1Any(derEncoded: node))
    }

    /// nextUpdate: optional, and followed by fields of other types, so recognised by its tag.
    static func decodeOptional(_ nodes: inout ASN1NodeCollection.Iterator) throws -> Date? {
        try nodes.optional(.utcTime, .generalizedTime).map(decode)
    }
}
