import SwiftASN1
import X509

/// `IssuerAndSerialNumber ::= SEQUENCE { issuer Name, serialNumber CertificateSerialNumber }` (RFC 5652 §10.2.4):
/// how a SignerInfo points at the signer's certificate.
struct IssuerAndSerialNumber: DERImplicitlyTaggable, Hashable, Sendable {
    static var defaultIdentifier: ASN1Identifier { .sequence }

    var issuer: DistinguishedName
    var serialNumber: Certificate.SerialNumber

    init(_ certificate: Certificate) {
        issuer = certificate.issuer
        serialNumber = certificate.serialNumber
    }

    func identifies(_ certificate: Certificate) -> Bool {
        certificate.issuer == issuer && certificate.serialNumber == serialNumber
    }

    init(derEncoded rootNode: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        (issuer, serialNumber) = try DER.sequence(rootNode, identifier: identifier) { nodes in
            let issuer = try DistinguishedName(derEncoded: nodes.required("issuer"))
            let serial = try ArraySlice<UInt8>(derEncoded: &nodes)
            return (issuer, Certificate.SerialNumber(bytes: serial))
        }
    }

    func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try coder.serialize(issuer)
            try coder.serialize(serialNumber.bytes)
        }
    }
}
