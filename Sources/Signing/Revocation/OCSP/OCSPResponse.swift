import SwiftASN1
import X509

/// A responder's answer as received (RFC 6960 §4.2.1):
///
///     OCSPResponse ::= SEQUENCE { responseStatus OCSPResponseStatus, responseBytes [0] EXPLICIT ResponseBytes OPTIONAL }
///     ResponseBytes ::= SEQUENCE { responseType OBJECT IDENTIFIER, response OCTET STRING }
///
/// Only the basic response type is read, as §4.2.1 requires every client to.
struct OCSPResponse: DERParseable, Sendable {
    /// 0 successful; 1 malformedRequest, 2 internalError, 3 tryLater, 5 sigRequired, 6 unauthorized.
    let responseStatus: Int
    /// Present exactly when the status is successful.
    let basic: BasicOCSPResponse?

    init(derEncoded rootNode: ASN1Node) throws {
        (responseStatus, basic) = try DER.sequence(rootNode, identifier: .sequence) { nodes in
            let status = try Int(derEncoded: nodes.required("responseStatus"), withIdentifier: .enumerated)
            let basic = try DER.optionalExplicitlyTagged(&nodes, tagNumber: 0, tagClass: .contextSpecific) { node in
                try DER.sequence(node, identifier: .sequence) { nodes in
                    let type = try ASN1ObjectIdentifier(derEncoded: &nodes)
                    guard type == OID.ocspBasicResponse else {
                        throw ASN1Error.invalidASN1Object(reason: "OCSP response type \(type) is not the basic one")
                    }
                    return try BasicOCSPResponse(derEncoded: ASN1OctetString(derEncoded: &nodes).bytes)
                }
            }
            guard (status == 0) == (basic != nil) else {
                throw ASN1Error.invalidASN1Object(reason: "OCSP responseBytes go with a successful status only")
            }
            return (status, basic)
        }
    }
}

/// The signed answer (RFC 6960 §4.2.1):
///
///     BasicOCSPResponse ::= SEQUENCE { tbsResponseData ResponseData, signatureAlgorithm AlgorithmIdentifier,
///                                      signature BIT STRING, certs [0] EXPLICIT SEQUENCE OF Certificate OPTIONAL }
///
/// tbsResponseData's DER is kept as received, so the signature is checked over exactly those bytes.
struct BasicOCSPResponse: DERParseable, Sendable {
    let responseData: OCSPResponseData
    let signedBytes: ArraySlice<UInt8>
    let signatureAlgorithm: AlgorithmIdentifier
    let signature: ASN1BitString
    /// What the responder sent along, normally the delegated responder's certificate.
    let certificates: [Certificate]

    init(derEncoded rootNode: ASN1Node) throws {
        (responseData, signedBytes, signatureAlgorithm, signature, certificates) = try DER.sequence(rootNode, identifier: .sequence) { nodes in
            let tbs = try nodes.required("tbsResponseData")
            let data = try OCSPResponseData(derEncoded: tbs)
            let algorithm = try AlgorithmIdentifier(derEncoded: &nodes)
            let signature = try ASN1BitString(derEncoded: &nodes)
            let certificates = try DER.optionalExplicitlyTagged(&nodes, tagNumber: 0, tagClass: .contextSpecific) {
                try DER.sequence(of: Certificate.self, identifier: .sequence, rootNode: $0)
            } ?? []
            return (data, tbs.encodedBytes, algorithm, signature, certificates)
        }
    }
}
