import Foundation
import SwiftASN1
import X509

/// What a responder signs (RFC 6960 §4.2.1; the module's tags are explicit):
///
///     ResponseData ::= SEQUENCE { version [0] EXPLICIT Version DEFAULT v1, responderID ResponderID,
///                                 producedAt GeneralizedTime, responses SEQUENCE OF SingleResponse,
///                                 responseExtensions [1] EXPLICIT Extensions OPTIONAL }
///     ResponderID ::= CHOICE { byName [1] Name, byKey [2] KeyHash }
///
/// §4.4 lets a reader ignore extensions it does not know unless they are critical: a critical one other than the
/// nonce makes the response unreadable here (the CRL reader does the same).
struct OCSPResponseData: DERParseable, Sendable {
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
    let responses: [OCSPSingleResponse]
    /// The nonce the responder echoed (RFC 8954: an OCTET STRING inside the extension's value), if any.
    let nonce: [UInt8]?

    init(derEncoded rootNode: ASN1Node) throws {
        (responderID, responses, nonce) = try DER.sequence(rootNode, identifier: .sequence) { nodes in
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
            _ = try nodes.required("producedAt")  // thisUpdate of each answer is what freshness is judged by
            let responses = try DER.sequence(of: OCSPSingleResponse.self, identifier: .sequence, rootNode: nodes.required("responses"))
            let extensions = try OCSPExtensions.read(&nodes, tagNumber: 1, understood: [OID.ocspNonce])
            return (responderID, responses, try extensions[oid: OID.ocspNonce].map(Self.nonce))
        }
    }

    /// Some older responders put the bytes in bare; they are compared as they come.
    private static func nonce(_ nonceExtension: Certificate.Extension) throws -> [UInt8] {
        (try? ASN1OctetString(derEncoded: nonceExtension.value)).map { Array($0.bytes) } ?? Array(nonceExtension.value)
    }
}

/// The answer about one certificate (RFC 6960 §4.2.1):
///
///     SingleResponse ::= SEQUENCE { certID CertID, certStatus CertStatus, thisUpdate GeneralizedTime,
///                                   nextUpdate [0] EXPLICIT GeneralizedTime OPTIONAL, singleExtensions [1] EXPLICIT Extensions OPTIONAL }
///     CertStatus ::= CHOICE { good [0] IMPLICIT NULL, revoked [1] IMPLICIT RevokedInfo, unknown [2] IMPLICIT UnknownInfo }
///     RevokedInfo ::= SEQUENCE { revocationTime GeneralizedTime, revocationReason [0] EXPLICIT CRLReason OPTIONAL }
///
/// singleExtensions (CRL references, archive cutoff, CT timestamps) are read and, unless critical, ignored.
struct OCSPSingleResponse: DERParseable, Sendable {
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

    init(derEncoded rootNode: ASN1Node) throws {
        (certID, status, thisUpdate, nextUpdate) = try DER.sequence(rootNode, identifier: .sequence) { nodes in
            let certID = try OCSPCertID(derEncoded: &nodes)
            let status = try Self.status(nodes.required("certStatus"))
            let thisUpdate = try CRLTime.decode(nodes.required("thisUpdate"))
            let nextUpdate = try DER.optionalExplicitlyTagged(&nodes, tagNumber: 0, tagClass: .contextSpecific) { try CRLTime.decode($0) }
            _ = try OCSPExtensions.read(&nodes, tagNumber: 1, understood: [])
            return (certID, status, thisUpdate, nextUpdate)
        }
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

/// `[n] EXPLICIT Extensions OPTIONAL` of an OCSP structure.
enum OCSPExtensions {
    /// The extensions, if present. A critical one not in `understood` is refused (RFC 6960 §4.4).
    static func read(_ nodes: inout ASN1NodeCollection.Iterator, tagNumber: UInt, understood: Set<ASN1ObjectIdentifier>) throws -> Certificate.Extensions {
        let extensions = try DER.optionalExplicitlyTagged(&nodes, tagNumber: tagNumber, tagClass: .contextSpecific) {
            try Certificate.Extensions(DER.sequence(of: Certificate.Extension.self, identifier: .sequence, rootNode: $0))
        } ?? Certificate.Extensions()
        if let unknown = extensions.first(where: { $0.critical && !understood.contains($0.oid) }) {
            throw OCSPUnsupported(reason: "critical extension \(unknown.oid)")
        }
        return extensions
    }
}

/// A response that is well-formed but asks for something not supported here (`ocsp.unsupported`, not `ocsp.malformed`).
struct OCSPUnsupported: Error {
    let reason: String
}
