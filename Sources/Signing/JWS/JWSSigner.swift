import EduCore
import Foundation
import X509

/// Signs machine-readable documents as JWS (RFC 7515). Each signature's protected header holds
/// `alg`, the signer's chain in `x5c` (leaf first, root left out), the claimed signing time in `iat`,
/// and `typ` when given. `iat` as a header parameter is how JAdES (ETSI TS 119 182-1 V1.2.1) states
/// the claimed signing time. It is not listed in `crit`: a reader that ignores it still checks the
/// signature correctly, and general JOSE libraries refuse `crit` names they do not know.
public struct JWSSigner: Sendable {
    public let key: any SigningKey
    public let certificate: Certificate
    /// CA certificates sent along so a verifier can build the chain; the root may be left out.
    public let intermediates: [Certificate]

    public init(key: any SigningKey, certificate: Certificate, intermediates: [Certificate] = []) throws(EduError) {
        guard key.publicKey == certificate.publicKey else { throw .keyDoesNotMatchCertificate }
        self.key = key
        self.certificate = certificate
        self.intermediates = intermediates
    }

    /// A JWS with this one signature. `type` becomes `typ`, naming the kind of document so a reader
    /// cannot take one signed kind for another (RFC 8725 §3.11). `signingTime` is the signer's claim,
    /// kept to whole seconds.
    public func sign(_ payload: some DataProtocol, type: String? = nil, signingTime: Date = Date()) async throws -> JWS {
        try await addSignature(to: JWS(payload: Array(payload), signatures: []), type: type, signingTime: signingTime)
    }

    /// The same JWS with this signer's signature added over its payload, for a document that several
    /// people or units sign. Only the general JSON serialisation can carry more than one.
    public func addSignature(to jws: JWS, type: String? = nil, signingTime: Date = Date()) async throws -> JWS {
        let header = try protectedHeader(type: type, signingTime: signingTime)
        let keyOutput = try await key.sign(jws.signingInput(protectedHeader: header))
        let signature = JWS.Signature(protectedHeader: header, value: try key.algorithm.jwsSignatureValue(fromKeyOutput: keyOutput))
        return JWS(payload: jws.payload, signatures: jws.signatures + [signature])
    }

    /// The header's base64url text, which the signature covers.
    private func protectedHeader(type: String?, signingTime: Date) throws -> String {
        Base64URL.encode(JWS.json(ProtectedHeader(
            alg: key.algorithm.rawValue,
            typ: type,
            // Standard base64 with padding, not base64url (RFC 7515 §4.1.6).
            x5c: try ([certificate] + intermediates).map { Data(try $0.derBytes()).base64EncodedString() },
            iat: Int(signingTime.timeIntervalSince1970.rounded(.down)))))
    }

    private struct ProtectedHeader: Encodable {
        let alg: String
        let typ: String?
        let x5c: [String]
        let iat: Int
    }
}

extension CertifiedKey {
    public func jwsSigner() throws(EduError) -> JWSSigner {
        try JWSSigner(key: key, certificate: certificate, intermediates: intermediates)
    }
}
