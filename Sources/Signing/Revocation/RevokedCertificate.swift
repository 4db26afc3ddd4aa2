import SwiftASN1
import X509

/// One element of a CRL's revokedCertificates (RFC 5280 §5.1):
///
///     SEQUENCE { userCertificate CertificateSerialNumber, revocationDate Time, crlEntryExtensions Extensions OPTIONAL }
///
/// The reason travels in the reasonCode entry extension, `CRLReason ::= ENUMERATED` (§5.3.1), left out for
/// unspecified as §5.3.1 asks. Every entry extension read is kept, so that a reader can refuse critical ones.
struct RevokedCertificate: DERImplicitlyTaggable, Sendable {
    static var defaultIdentifier: ASN1Identifier { .sequence }

    var entry: RevokedEntry
    var extensions: Certificate.Extensions

    init(_ entry: RevokedEntry) throws {
        self.entry = entry
        extensions = try Certificate.Extensions(entry.reason == .unspecified ? [] : [
            Certificate.Extension(oid: OID.crlReason, critical: false, value: Self.reasonCode(entry.reason)[...]),
        ])
    }

    init(derEncoded rootNode: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        (entry, extensions) = try DER.sequence(rootNode, identifier: identifier) { nodes in
            let serial = try ArraySlice<UInt8>(derEncoded: &nodes)
            let date = try CRLTime.decode(nodes.required("revocationDate"))
            let extensions = try Certificate.Extensions(nodes.next().map {
                try DER.sequence(of: Certificate.Extension.self, identifier: .sequence, rootNode: $0)
            } ?? [])
            let reason = try extensions[oid: OID.crlReason].map { try Self.reason(in: $0) } ?? .unspecified
            return (RevokedEntry(serial: Certificate.SerialNumber(bytes: serial), date: date, reason: reason), extensions)
        }
    }

    func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try coder.serialize(entry.serial.bytes)
            try coder.serialize(CRLTime.encode(entry.date))
            if !extensions.isEmpty {
                try coder.serializeSequenceOf(extensions)
            }
        }
    }

    private static func reasonCode(_ reason: RevocationReason) throws -> [UInt8] {
        var coder = DER.Serializer()
        try reason.rawValue.serialize(into: &coder, withIdentifier: .enumerated)
        return coder.serializedBytes
    }

    private static func reason(in reasonCode: Certificate.Extension) throws -> RevocationReason {
        let value = try Int(derEncoded: DER.parse(reasonCode.value), withIdentifier: .enumerated)
        guard let reason = RevocationReason(rawValue: value) else {
            throw ASN1Error.invalidASN1Object(reason: "reasonCode \(value) is not a reason a complete CRL may give")
        }
        return reason
    }
}
