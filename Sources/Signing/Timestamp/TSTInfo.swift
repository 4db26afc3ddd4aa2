import SwiftASN1
import X509

/// RFC 3161 §2.4.2, the content a time-stamp token signs:
///
///     TSTInfo ::= SEQUENCE { version INTEGER { v1(1) }, policy TSAPolicyId, messageImprint MessageImprint,
///                            serialNumber INTEGER, genTime GeneralizedTime, accuracy Accuracy OPTIONAL,
///                            ordering BOOLEAN DEFAULT FALSE, nonce INTEGER OPTIONAL,
///                            tsa [0] GeneralName OPTIONAL, extensions [1] IMPLICIT Extensions OPTIONAL }
///
/// `tsa` is a CHOICE, so its tag is explicit whatever the module's default.
struct TSTInfo: DERImplicitlyTaggable, Sendable {
    static var defaultIdentifier: ASN1Identifier { .sequence }
    private static let version = 1

    var policy: ASN1ObjectIdentifier
    var messageImprint: MessageImprint
    /// Shaped like a certificate's serial: a positive integer of up to 160 bits (RFC 3161 §2.4.2).
    var serialNumber: Certificate.SerialNumber
    var genTime: GeneralizedTime
    var accuracy: Accuracy?
    var ordering: Bool
    /// As in ``TimeStampReq/nonce``.
    var nonce: ArraySlice<UInt8>?
    var tsa: GeneralName?
    /// Kept as received; none is understood.
    var extensions: ASN1Any?

    init(policy: ASN1ObjectIdentifier, messageImprint: MessageImprint, serialNumber: Certificate.SerialNumber,
         genTime: GeneralizedTime, accuracy: Accuracy?, ordering: Bool = false, nonce: ArraySlice<UInt8>?,
         tsa: GeneralName?, extensions: ASN1Any? = nil) {
        self.policy = policy
        self.messageImprint = messageImprint
        self.serialNumber = serialNumber
        self.genTime = genTime
        self.accuracy = accuracy
        self.ordering = ordering
        self.nonce = nonce
        self.tsa = tsa
        self.extensions = extensions
    }

    init(derEncoded rootNode: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(rootNode, identifier: identifier) { nodes in
            guard try Int(derEncoded: &nodes) == Self.version else {
                throw ASN1Error.invalidASN1Object(reason: "Only TSTInfo version 1 is read")
            }
            return TSTInfo(
                policy: try ASN1ObjectIdentifier(derEncoded: &nodes),
                messageImprint: try MessageImprint(derEncoded: &nodes),
                serialNumber: Certificate.SerialNumber(bytes: try ArraySlice<UInt8>(derEncoded: &nodes)),
                genTime: try GeneralizedTime(derEncoded: &nodes),
                accuracy: try DER.optionalImplicitlyTagged(&nodes),
                ordering: try DER.decodeDefault(&nodes, identifier: .boolean, defaultValue: false),
                nonce: try DER.optionalImplicitlyTagged(&nodes, tag: .integer),
                tsa: try DER.optionalExplicitlyTagged(&nodes, tagNumber: 0, tagClass: .contextSpecific, GeneralName.init(derEncoded:)),
                extensions: DER.optionalImplicitlyTagged(&nodes, tagNumber: 1, tagClass: .contextSpecific) { ASN1Any(derEncoded: $0) })
        }
    }

    func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try coder.serialize(Self.version)
            try coder.serialize(policy)
            try coder.serialize(messageImprint)
            try coder.serialize(serialNumber.bytes)
            try coder.serialize(genTime)
            try coder.serializeOptionalImplicitlyTagged(accuracy)
            // DER leaves out a value equal to its DEFAULT.
            if ordering {
                try coder.serialize(true)
            }
            try coder.serializeOptionalImplicitlyTagged(nonce)
            if let tsa {
                try coder.serialize(explicitlyTaggedWithTagNumber: 0, tagClass: .contextSpecific) { try $0.serialize(tsa) }
            }
            try coder.serializeOptionalImplicitlyTagged(extensions)
        }
    }
}
