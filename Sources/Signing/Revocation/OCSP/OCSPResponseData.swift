import Foundation
import SwiftASN1
import X509

/// What a responder signs (RFC 6960 §4.2.1; the module's tags are explicit):
///
///     ResponseData ::= SEQUENCE { version [0] EXPLICIT Version DEFAULT v1, responderID ResponderID,
///                                 producedAt GeneralizedTime, responses SEQUENCE OF SingleResponse,
///                                 responseExtensions [1] EXPLICIT Extensions OPTIONAL }
///     ResponderID ::= CHOICE { byName [1] Name, byKey [2] KeyHash }
struct OCSPResponseData: DERImplicitlyTaggable, Sendable {
    static var defaultIdentifier: ASN1Identifier { .sequence }

    enum ResponderID: Sendable, Equatable {
        case name(DistinguishedName)
        /// SHA-1 of the responder's public key (the BIT STRING's value).
        case keyHash([UInt8])

        /// Whether `certificate` is the one this names.
        func identifies(_ certificate: Certificate) -> Bool {
            switch self {
            case .name(let name): name == certificate.subject
            case .keyHash(let hash): OCSPCertID.digest(certificate.publicKey.subjectPublicKeyInfoBytes, with: OID.sha1) == hash
            }
        }
    }

    let responderID: ResponderID
    let producedAt: Date
    let responses: [OCSPSingleResponse]
    let extensions: Certificate.Extensions

    init(derEncoded rootNode: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        (responderID, producedAt, responses, extensions) = try DER.sequence(rootNode, identifier: identifier) { nodes in
            if let version = try DER.optionalExplicitlyTagged(&nodes, tagNumber: 0, tagClass: .contextSpecific, { try Int(derEncoded: $0) }),
               version != 0 {
                throw ASN1Error.invalidASN1Object(reason: "OCSP ResponseData version \(version) is not v1")
            }
            let responder = try nodes.required("responderID")
            let responderID: ResponderID
            switch responder.identifier {
            case ASN1Identifier(tagWithNumber: 1, tagClass: .contextSpecific):
                responderID = .name(try DER.explicitlyTagged(responder, tagNumber: 1, tagClass: .contextSpecific) { try DistinguishedName(derEncoded: $0) })
            case ASN1Identifier(tagWithNumber: 2, tagClass: .contextSpecific):
                responderID = .keyHash(Array(try DER.explicitlyTagged(responder, tagNumber: 2, tagClass: .contextSpecific) { try ASN1OctetString(derEncoded: $0) }.bytes))
            default:
                throw ASN1Error.invalidASN1Object(reason: "OCSP responderID is neither byName nor byKey")
            }
            let producedAt = try CRLTime.decode(nodes.required("producedAt"))
            let responses = try DER.sequence(of: OCSPSingleResponse.self, identifier: .sequence, rootNode: nodes.required("responses"))
            let extensions = try DER.optionalExplicitlyTagged(&nodes, tagNumber: 1, tagClass: .contextSpecific) {
                try Certificate.Extensions(DER.sequence(of: Certificate.Extension.self, identifier: .sequence, rootNode: $0))
            } ?? Certificate.Extensions()
            return (responderID, producedAt, responses, extensions)
        }
    }

    func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        throw ASN1Error.invalidASN1Object(reason: "EduVN reads OCSP responses and does not write them")
    }

    /// The nonce the responder echoed (RFC 8954: an OCTET STRING inside the extension's value), if any.
    var nonce: [UInt8]? {
        guard let value = extensions[oid: OID.ocspNonce]?.value else { return nil }
        // Some older responders put the bytes in bare; they are compared as they come.
        return (try? ASN1OctetString(derEncoded: value)).map { Array($0.bytes) } ?? Array(value)
    }
}

/// The answer about one certificate (RFC 6960 §4.2.1):
///
///     SingleResponse ::= SEQUENCE { certID CertID, certStatus CertStatus, thisUpdate GeneralizedTime,
///                                   nextUpdate [0] EXPLICIT GeneralizedTime OPTIONAL, singleExtensions [1] EXPLICIT Extensions OPTIONAL }
///     CertStatus ::= CHOICE { good [0] IMPLICIT NULL, revoked [1] IMPLICIT RevokedInfo, unknown [2] IMPLICIT UnknownInfo }
///     RevokedInfo ::= SEQUENCE { revocationTime GeneralizedTime, revocationReason [0] EXPLICIT CRLReason OPTIONAL }
struct OCSPSingleResponse: DERImplicitlyTaggable, Sendable {
    static var defaultIdentifier: ASN1Identifier { .sequence }

    enum CertStatus: Sendable, Equatable {
        case good
        /// The reason as the responder gave it: any CRLReason value, since a revocation stands whatever its reason.
        case revoked(date: Date, reasonCode: Int?)
        case unknown
    }

    let certID: OCSPCertID
    let status: CertStatus
    let thisUpdate: Date
    let nextUpdate: Date?

    init(derEncoded rootNode: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        (certID, status, thisUpdate, nextUpdate) = try DER.sequence(rootNode, identifier: identifier) { nodes in
            let certID = try OCSPCertID(derEncoded: &nodes)
            let status = try Self.status(nodes.required("certStatus"))
            let thisUpdate = try CRLTime.decode(nodes.required("thisUpdate"))
            let nextUpdate = try DER.optionalExplicitlyTagged(&nodes, tagNumber: 0, tagClass: .contextSpecific) { try CRLTime.decode($0) }
            // singleExtensions, if any, are not needed.
            return (certID, status, thisUpdate, nextUpdate)
        }
    }

    func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        throw ASN1Error.invalidASN1Object(reason: "EduVN reads OCSP responses and does not write them")
    }

    private static func status(_ node: ASN1Node) throws -> CertStatus {
        switch node.identifier {
        case ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific):
            _ = try ASN1Null(derEncoded: node, withIdentifier: node.identifier)
            return .good
        case ASN1Identifier(tagWithNumber: 1, tagClass: .contextSpecific):
            return try DER.sequence(node, identifier: node.identifier) { nodes in
                let date = try CRLTime.decode(nodes.required("revocationTime"))
                let reason = try DER.optionalExplicitlyTagged(&nodes, tagNumber: 0, tagClass: .contextSpecific) {
                    try Int(derEncoded: $0, withIdentifier: .enumerated)
                }
                return .revoked(date: date, reasonCode: reason)
            }
        case ASN1Identifier(tagWithNumber: 2, tagClass: .contextSpecific):
            _ = try ASN1Null(derEncoded: node, withIdentifier: node.identifier)
            return .unknown
        default:
            throw ASN1Error.invalidASN1Object(reason: "OCSP certStatus is not good, revoked or unknown")
        }
    }
}
