import EduCore
import Foundation
import SwiftASN1

/// Signs PDFs at the PAdES baseline B-B level, or B-T with a time-stamp (ETSI EN 319 142-1): each signature is
/// an incremental update with a visible signature block, so several people can sign one document in turn
/// (teacher, principal, school seal) and every earlier signature stays valid.
///
/// The CMS is a detached SignedData (`/SubFilter /ETSI.CAdES.detached`) over every byte of the file except
/// the `/Contents` value, signed with content type, message digest and signing-certificate-v2. The claimed
/// signing time is the signature dictionary's `/M`; only a time-stamp proves it.
public struct PAdESSigner: Sendable {
    public let signer: CMSSigner
    /// When set, the signature gets a signature-time-stamp (PAdES-B-T).
    public let timestamping: SignatureTimestamping?

    public init(signer: CMSSigner, timestamping: SignatureTimestamping? = nil) {
        self.signer = signer
        self.timestamping = timestamping
    }

    /// The signed PDF: `pdf` unchanged, followed by the update that adds the signature. Refuses an encrypted
    /// PDF (`pdf.encrypted`) and one it cannot read (`pdf.malformed`); a PDF made by any tool is accepted,
    /// with a classic cross-reference table or cross-reference streams.
    public func sign(_ pdf: [UInt8], at time: Date = Date(),
                     placement: PDFSignaturePlacement = .automatic) async throws -> [UInt8] {
        let prepared = try PreparedSignature(pdf, signer: signer.certificate, time: time, placement: placement,
                                             reserved: try reservedSize(), timestamped: timestamping != nil)
        return try prepared.filling(with: try await signature(over: prepared.signedBytes))
    }

    /// The DER ContentInfo of the signature over `content`.
    private func signature(over content: [UInt8]) async throws -> [UInt8] {
        let attributes = try SignedAttributes.padesBaseline(messageDigest: signer.key.algorithm.digest.hash(content),
                                                            signer: signer.certificate)
        var signedData = try await signer.signedData(attributes: attributes, contentType: OID.data, content: nil,
                                                     certificates: [signer.certificate] + signer.intermediates)
        try await timestamping?.stamp(&signedData)
        return try signedData.contentInfoBytes()
    }

    /// Room for the CMS, decided before it exists: the certificates it carries, 2 KB for its attributes and
    /// signature value (about 0.5 KB with a 3072-bit RSA key), and 10 KB for a time-stamp token with its
    /// authority's chain (the demo authority's is 2-3 KB). Zeros left over cost twice their number in bytes
    /// of hex; a shortfall is refused (`pdf.signature_too_large`).
    private func reservedSize() throws -> Int {
        let certificates = try ([signer.certificate] + signer.intermediates).reduce(0) { $0 + (try $1.derBytes()).count }
        return certificates + 2_048 + (timestamping == nil ? 0 : 10_240)
    }
}
