import Foundation
@testable import Signing
import SwiftASN1
import X509

/// Writes a basic OCSP response by hand (RFC 6960 §4.2.1), signed by the issuer's key, for what `openssl ocsp` never
/// writes: single and response extensions, critical or not.
struct OCSPResponseBuilder {
    let issuer: CertifiedKey
    let certificate: Certificate
    let thisUpdate: Date
    var singleExtensions: [Certificate.Extension] = []
    var responseExtensions: [Certificate.Extension] = []

    /// An extension of the given OID holding a NULL, critical or not.
    static func opaqueExtension(_ oid: ASN1ObjectIdentifier, critical: Bool) throws -> Certificate.Extension {
        Certificate.Extension(oid: oid, critical: critical, value: try ASN1Null().derBytes()[...])
    }

    func der() async throws -> [UInt8] {
        var data = DER.Serializer()
        try data.appendConstructedNode(identifier: .sequence) { coder in
            try coder.appendConstructedNode(identifier: ASN1Identifier(tagWithNumber: 1, tagClass: .contextSpecific)) { coder in
                try coder.serialize(issuer.certificate.subject)
            }
            try coder.serialize(Self.time(thisUpdate))
            try coder.appendConstructedNode(identifier: .sequence) { coder in
                try coder.appendConstructedNode(identifier: .sequence) { coder in
                    try coder.serialize(OCSPCertID(certificate: certificate, issuer: issuer.certificate))
                    coder.appendPrimitiveNode(identifier: ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)) { _ in }
                    try coder.serialize(Self.time(thisUpdate))
                    try coder.appendConstructedNode(identifier: ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)) { coder in
                        try coder.serialize(Self.time(thisUpdate.addingTimeInterval(600)))
                    }
                    try Self.extensions(singleExtensions, into: &coder)
                }
            }
            try Self.extensions(responseExtensions, into: &coder)
        }
        let signed = data.serializedBytes
        let signature = try await issuer.key.sign(signed)
        var basic = DER.Serializer()
        try basic.appendConstructedNode(identifier: .sequence) { coder in
            coder.serializeRawBytes(signed[...])
            try coder.serialize(issuer.key.algorithm.signatureAlgorithmIdentifier())
            try coder.serialize(ASN1BitString(bytes: signature[...]))
        }
        var response = DER.Serializer()
        try response.appendConstructedNode(identifier: .sequence) { coder in
            try 0.serialize(into: &coder, withIdentifier: .enumerated)
            try coder.appendConstructedNode(identifier: ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)) { coder in
                try coder.appendConstructedNode(identifier: .sequence) { coder in
                    try coder.serialize(OID.ocspBasicResponse)
                    try coder.serialize(ASN1OctetString(contentBytes: basic.serializedBytes[...]))
                }
            }
        }
        return response.serializedBytes
    }

    private static func extensions(_ extensions: [Certificate.Extension], into coder: inout DER.Serializer) throws {
        guard !extensions.isEmpty else { return }
        try coder.appendConstructedNode(identifier: ASN1Identifier(tagWithNumber: 1, tagClass: .contextSpecific)) { coder in
            try coder.serializeSequenceOf(extensions)
        }
    }

    private static func time(_ date: Date) throws -> GeneralizedTime {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return try GeneralizedTime(year: parts.year!, month: parts.month!, day: parts.day!, hours: parts.hour!,
                                   minutes: parts.minute!, seconds: parts.second!, fractionalSeconds: 0)
    }
}
