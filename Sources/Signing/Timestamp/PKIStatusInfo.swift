import SwiftASN1

/// RFC 3161 §2.4.2 (from RFC 2510):
///
///     PKIStatusInfo ::= SEQUENCE { status PKIStatus, statusString PKIFreeText OPTIONAL, failInfo PKIFailureInfo OPTIONAL }
///     PKIFreeText ::= SEQUENCE SIZE (1..MAX) OF UTF8String
///
/// Written with the serializer's non-throwing primitives only: an authority must be able to answer
/// every request, including with a refusal, so producing one cannot be allowed to fail.
struct PKIStatusInfo: DERImplicitlyTaggable, Hashable, Sendable {
    static var defaultIdentifier: ASN1Identifier { .sequence }

    enum Status: Int, Sendable {
        case granted = 0, grantedWithMods, rejection, waiting, revocationWarning, revocationNotification
    }

    var status: Status
    /// PKIFreeText: for people, so the authority's words are passed on as they came.
    var text: [String]
    var failures: Set<TimestampFailure>

    static let granted = PKIStatusInfo(status: .granted, text: [], failures: [])

    static func rejection(_ failure: TimestampFailure) -> PKIStatusInfo {
        PKIStatusInfo(status: .rejection, text: [failure.explanation], failures: [failure])
    }

    init(status: Status, text: [String], failures: Set<TimestampFailure>) {
        self.status = status
        self.text = text
        self.failures = failures
    }

    init(derEncoded rootNode: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(rootNode, identifier: identifier) { nodes in
            guard let status = Status(rawValue: try Int(derEncoded: &nodes)) else {
                throw ASN1Error.invalidASN1Object(reason: "Unknown PKIStatus")
            }
            let text = try DER.optionalImplicitlyTagged(&nodes, tagNumber: 16, tagClass: .universal) { node in
                try DER.sequence(of: ASN1UTF8String.self, identifier: .sequence, rootNode: node).map(String.init)
            } ?? []
            let failInfo: ASN1BitString? = try DER.optionalImplicitlyTagged(&nodes)
            return PKIStatusInfo(status: status, text: text, failures: failInfo.map(TimestampFailure.named(in:)) ?? [])
        }
    }

    func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) {
        coder.appendConstructedNode(identifier: identifier) { coder in
            // PKIStatus values fit one content byte.
            coder.appendPrimitiveNode(identifier: .integer) { $0.append(UInt8(status.rawValue)) }
            if !text.isEmpty {
                coder.appendConstructedNode(identifier: .sequence) { coder in
                    for line in text {
                        coder.appendPrimitiveNode(identifier: .utf8String) { $0.append(contentsOf: line.utf8) }
                    }
                }
            }
            if let bits = TimestampFailure.bitString(naming: failures) {
                coder.appendPrimitiveNode(identifier: .bitString) { content in
                    content.append(UInt8(bits.paddingBits))
                    content.append(contentsOf: bits.bytes)
                }
            }
        }
    }
}
