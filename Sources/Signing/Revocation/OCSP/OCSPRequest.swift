import SwiftASN1
import X509

/// An unsigned request about one certificate, with a nonce (RFC 6960 §4.1.1, RFC 8954):
///
///     OCSPRequest ::= SEQUENCE { tbsRequest TBSRequest, optionalSignature [0] EXPLICIT Signature OPTIONAL }
///     TBSRequest ::= SEQUENCE { version [0] EXPLICIT Version DEFAULT v1, requestorName [1] EXPLICIT GeneralName OPTIONAL,
///                               requestList SEQUENCE OF Request, requestExtensions [2] EXPLICIT Extensions OPTIONAL }
///     Request ::= SEQUENCE { reqCert CertID, singleRequestExtensions [0] EXPLICIT Extensions OPTIONAL }
///
/// Only written: EduVN asks other CAs' responders and answers no one.
struct OCSPRequest: DERSerializable, Sendable {
    private static let extensionsTag = ASN1Identifier(tagWithNumber: 2, tagClass: .contextSpecific)

    let certID: OCSPCertID
    /// 32 random bytes, the most RFC 8954 §2.1 lets a responder be asked to echo.
    let nonce: [UInt8]

    init(certID: OCSPCertID, nonce: [UInt8]) {
        self.certID = certID
        self.nonce = nonce
    }

    init(asking certificate: Certificate, issuedBy issuer: Certificate) throws {
        self.init(certID: try OCSPCertID(certificate: certificate, issuer: issuer),
                  nonce: (0..<32).map { _ in UInt8.random(in: .min ... .max) })
    }

    func serialize(into coder: inout DER.Serializer) throws {
        let nonceExtension = Certificate.Extension(oid: OID.ocspNonce, critical: false,
                                                   value: try ASN1OctetString(contentBytes: nonce[...]).derBytes()[...])
        try coder.appendConstructedNode(identifier: .sequence) { coder in
            try coder.appendConstructedNode(identifier: .sequence) { coder in
                try coder.appendConstructedNode(identifier: .sequence) { coder in
                    try coder.appendConstructedNode(identifier: .sequence) { coder in
                        try coder.serialize(certID)
                    }
                }
                try coder.appendConstructedNode(identifier: Self.extensionsTag) { coder in
                    try coder.serializeSequenceOf([nonceExtension])
                }
            }
        }
    }
}
