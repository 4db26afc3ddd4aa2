import EduCore
import Foundation
import X509

/// Checks every signature in a PDF (PAdES B-B and B-T, and `adbe.pkcs7.detached`): that its byte range
/// covers its revision whole but for the signature value, the CMS over those bytes, its time-stamp when
/// there is one, the signer's chain, and what later revisions changed.
public struct PAdESVerifier: Sendable {
    private static let subFilters: Set = ["ETSI.CAdES.detached", "adbe.pkcs7.detached"]

    public let trustedRoots: [Certificate]
    /// Asked about each signer's chain that reaches a trusted root; nil leaves revocation unchecked.
    public let revocation: (any RevocationChecker)?

    public init(trustedRoots: [Certificate], revocation: (any RevocationChecker)? = nil) {
        self.trustedRoots = trustedRoots
        self.revocation = revocation
    }

    /// Throws only when the PDF cannot be read (`pdf.malformed`, `pdf.encrypted`, `pdf.unsupported`); a
    /// signature that cannot be read is reported with its problem, so the others are still checked. A PDF
    /// without signatures gives an empty, untrusted report.
    ///
    /// `time` is when the chains must have been valid; `.signingTime` takes a trusted time-stamp's time,
    /// else the signer's claim.
    public func verify(_ pdf: [UInt8], checkingChainAt time: CMSVerifier.CheckTime = .now) async throws(EduError) -> PAdESVerification {
        let file = try PDFFile(pdf[...])
        var signatures: [(end: Int, verification: PDFSignatureVerification)] = []
        for field in try SignatureFields.signed(in: file) {
            signatures.append(await verify(field, in: file, checkingChainAt: time))
        }
        return PAdESVerification(signatures: signatures.sorted { $0.end < $1.end }.map(\.verification))
    }

    /// With where its revision ends, to put the signatures in the order they were made (unreadable ones last).
    private func verify(_ field: SignedField, in file: PDFFile,
                        checkingChainAt time: CMSVerifier.CheckTime) async -> (end: Int, verification: PDFSignatureVerification) {
        func unreadable(_ problem: EduError) -> (Int, PDFSignatureVerification) {
            (.max, PDFSignatureVerification(fieldName: field.name, status: .invalidSignature, problem: problem, signer: nil,
                                           claimedSigningTime: nil, timestamp: nil, coverage: nil, chain: [], revocation: nil))
        }
        guard let subFilter = field.value["SubFilter"]?.name, Self.subFilters.contains(subFilter) else {
            return unreadable(.unsupportedPDFSignature)
        }
        let revision: SignedRevision, claims: SignatureClaims, coverage: PDFSignatureVerification.Coverage
        let timestamp: TimestampVerification?
        do throws(EduError) {
            revision = try SignedRevision(field, in: file)
            claims = try SignatureClaims(revision.signature)
            coverage = try self.coverage(of: revision, in: file)
            timestamp = try await claims.verifiedTimestamp(trustedRoots: trustedRoots, checkingChainAt: time)
        } catch {
            return unreadable(error)
        }
        let claimedTime = claims.signingTime ?? field.value["M"]?.string.flatMap(PDFDate.date)
        let stampedTime = timestamp.flatMap { $0.isTrusted ? $0.genTime : nil }
        let checkTime = time.date(signingTime: stampedTime ?? claimedTime ?? Date())
        var outcome = await CMSVerifier(trustedRoots: trustedRoots, revocation: revocation)
            .check(claims, of: revision.content, at: checkTime)
        // Intact over what was signed, but what a reader sees now is something else.
        if coverage == .modifiedAfterSigning, outcome.status != .invalidSignature {
            outcome = ChainOutcome(status: .contentMismatch, chain: [])
        }
        return (revision.end, PDFSignatureVerification(
            fieldName: field.name, status: outcome.status, problem: nil, signer: claims.signer, claimedSigningTime: claimedTime,
            timestamp: timestamp, coverage: coverage, chain: outcome.chain, revocation: outcome.revocation))
    }

    private func coverage(of revision: SignedRevision, in file: PDFFile) throws(EduError) -> PDFSignatureVerification.Coverage {
        guard revision.end < file.bytes.endIndex else { return .entireFile }
        let changes = LaterRevisions(signed: try PDFFile(file.bytes[..<revision.end]), current: file)
        return try changes.addOnlySignatures() ? .signaturesAddedLater : .modifiedAfterSigning
    }
}
