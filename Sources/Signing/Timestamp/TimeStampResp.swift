import SwiftASN1

/// `TimeStampResp ::= SEQUENCE { status PKIStatusInfo, timeStampToken TimeStampToken OPTIONAL }` (RFC 3161 §2.4.2).
struct TimeStampResp: DERImplicitlyTaggable, Sendable {
    static var defaultIdentifier: ASN1Identifier { .sequence }

    var status: PKIStatusInfo
    /// The token's DER (a ContentInfo), kept as received: its signature covers bytes inside it.
    var token: [UInt8]?

    init(status: PKIStatusInfo, token: [UInt8]?) {
        self.status = status
        self.token = token
    }

    init(derEncoded rootNode: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(rootNode, identifier: identifier) { nodes in
            TimeStampResp(status: try PKIStatusInfo(derEncoded: &nodes), token: nodes.next().map { Array($0.encodedBytes) })
        }
    }

    /// Never fails (see ``PKIStatusInfo``), so an authority always has an answer to send.
    func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) {
        coder.appendConstructedNode(identifier: identifier) { coder in
            status.serialize(into: &coder, withIdentifier: PKIStatusInfo.defaultIdentifier)
            if let token {
                coder.serializeRawBytes(token)
            }
        }
    }

    var encoded: [UInt8] {
        var coder = DER.Serializer()
        serialize(into: &coder, withIdentifier: Self.defaultIdentifier)
        return coder.serializedBytes
    }
}
