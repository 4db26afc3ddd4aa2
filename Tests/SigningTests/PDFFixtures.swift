import Documents
import Foundation
@testable import Signing
import Testing
import TestSupport
import X509

/// Test inputs: a small PDF written by hand (a fixture, not a renderer), and the same document rewritten by
/// qpdf with cross-reference and object streams, as other tools write PDFs.
enum PDFFixture {
    static let signingTime = Date(timeIntervalSince1970: 1_790_000_000)

    /// The THPT diploma as `eduvn` renders it (pango/cairo, embedded font subsets), from the documents' sample.
    static func renderedDiploma() throws -> [UInt8] {
        try PDFRenderer().render(template: DocumentTemplate(json: Data(contentsOf: SampleDiploma.template)),
                                 document: JSONDecoder().decode([String: TemplateValue].self, from: Data(contentsOf: SampleDiploma.fields))).bytes
    }

    /// A PDF 1.7 file with a classic cross-reference table and one line of text a page. With
    /// `emptySignatureField`, its form (direct in the catalog) has an unsigned signature field on the first
    /// page, as a form made to be signed later has.
    static func document(pages: Int = 1, endingWithNewline: Bool = true, emptySignatureField: String? = nil) -> [UInt8] {
        let field = 4 + 2 * pages
        var objects = [
            emptySignatureField == nil ? "<< /Type /Catalog /Pages 2 0 R >>"
                : "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [\(field) 0 R] >> >>",
            "<< /Type /Pages /Kids [\((0..<pages).map { "\(4 + 2 * $0) 0 R" }.joined(separator: " "))] /Count \(pages) >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
        for page in 0..<pages {
            let content = "BT /F1 16 Tf 72 760 Td (Hoc ba so - Nguyen Thi Hoa - lop 12A1 - trang \(page + 1)) Tj ET"
            objects.append("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                + "/Resources << /Font << /F1 3 0 R >> >> /Contents \(5 + 2 * page) 0 R"
                + (page == 0 && emptySignatureField != nil ? " /Annots [\(field) 0 R] >>" : " >>"))
            objects.append("<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream")
        }
        if let emptySignatureField {
            objects.append("<< /FT /Sig /T (\(emptySignatureField)) /Type /Annot /Subtype /Widget "
                + "/Rect [400 700 560 760] /P 4 0 R /F 4 >>")
        }
        return file(objects, endingWithNewline: endingWithNewline)
    }

    /// A PDF 1.7 file of these objects (numbered from 1; the first is the catalog) and a classic cross-reference table.
    static func file(_ objects: [String], endingWithNewline: Bool = true) -> [UInt8] {
        var bytes = Array("%PDF-1.7\n%".utf8) + [0xE2, 0xE3, 0xCF, 0xD3, 0x0A]
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(bytes.count)
            bytes += Array("\(index + 1) 0 obj\n\(object)\nendobj\n".utf8)
        }
        let start = bytes.count
        bytes += Array("xref\n0 \(objects.count + 1)\n0000000000 65535 f\r\n".utf8)
        for offset in offsets {
            bytes += Array((String(repeating: "0", count: 10 - String(offset).count) + "\(offset) 00000 n\r\n").utf8)
        }
        bytes += Array(("trailer\n<< /Size \(objects.count + 1) /Root 1 0 R "
            + "/ID [<8C1A7E2D2F0B4E55A1C3D2E1F0A9B8C7> <8C1A7E2D2F0B4E55A1C3D2E1F0A9B8C7>] >>\n"
            + "startxref\n\(start)\n%%EOF" + (endingWithNewline ? "\n" : "")).utf8)
        return bytes
    }

    /// A demo hierarchy with the three people who sign a school record in turn, and a time-stamp authority.
    struct Signers {
        let pki: DemoPKI
        let teacher: CertifiedKey
        let principal: CertifiedKey
        let seal: CertifiedKey
        let authority: DemoTimestampAuthority

        init(_ algorithm: SigningAlgorithm = .ecdsaP256SHA256) throws {
            pki = try DemoPKI(department: Demo.department, algorithm: algorithm)
            teacher = try pki.issue(for: Demo.teacher, algorithm: algorithm)
            principal = try pki.issue(for: .person(name: "Trần Văn Đức", unit: "Trường THPT Trần Phú"), algorithm: algorithm)
            seal = try pki.issue(for: .seal(unit: "Trường THPT Trần Phú"), algorithm: algorithm)
            authority = try DemoTimestampAuthority(pki.issueTimestampAuthority(unit: Demo.department))
        }

        var root: Certificate { pki.root.certificate }
        var verifier: PAdESVerifier { PAdESVerifier(trustedRoots: [root]) }
        var timestamping: SignatureTimestamping {
            SignatureTimestamping(authority: authority, verifier: TimestampVerifier(trustedRoots: [root]))
        }

        func signer(_ key: CertifiedKey, timestamped: Bool = false) throws -> PAdESSigner {
            PAdESSigner(signer: try key.signer(), timestamping: timestamped ? timestamping : nil)
        }

        /// Teacher, then principal, then the school's seal, a minute apart.
        func signInTurn(_ pdf: [UInt8], timestamped: Bool = false) async throws -> [UInt8] {
            var signed = pdf
            for (index, key) in [teacher, principal, seal].enumerated() {
                signed = try await signer(key, timestamped: timestamped)
                    .sign(signed, at: PDFFixture.signingTime.addingTimeInterval(Double(index) * 60))
            }
            return signed
        }
    }
}

/// Other tools' PDF writers: qpdf (Debian's `qpdf`) rewrites our fixture with cross-reference and object
/// streams, or linearized, and checks our output's structure; poppler's `pdftocairo` (`poppler-utils`)
/// rewrites it through cairo, as the Documents module's PDFs are made, and its `pdftotext` reads the text
/// a viewer shows, the signature blocks' included.
enum PDFTool: String, Sendable {
    case qpdf, pdftocairo, pdftotext

    var executable: URL { URL(fileURLWithPath: "/usr/bin/\(rawValue)") }
    var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: executable.path) }

    /// The PDF rewritten with `arguments` (such as `--object-streams=generate`).
    func rewrite(_ pdf: [UInt8], _ arguments: [String]) throws -> [UInt8] {
        let folder = try OpenSSL()
        defer { folder.removeFolder() }
        try folder.write(pdf, to: "in.pdf")
        let run = try OpenSSL.run(executable, arguments + ["in.pdf", "out.pdf"], in: folder.folder)
        try #require(run.status == 0, "\(rawValue): \(run.output)")
        return try folder.read("out.pdf")
    }

    /// The text of every page, annotations' appearances included, one space for each run of white space.
    static func text(_ pdf: [UInt8]) throws -> String {
        let text = try String(decoding: PDFTool.pdftotext.rewrite(pdf, ["-enc", "UTF-8"]), as: UTF8.self)
        return text.split(whereSeparator: \.isWhitespace).joined(separator: " ").precomposedStringWithCanonicalMapping
    }

    /// `qpdf --check`: exit 0 when the structure is sound and nothing needed repairing.
    static func check(_ pdf: [UInt8]) throws -> OpenSSL.Run {
        let folder = try OpenSSL()
        defer { folder.removeFolder() }
        try folder.write(pdf, to: "check.pdf")
        return try OpenSSL.run(PDFTool.qpdf.executable, ["--check", "check.pdf"], in: folder.folder)
    }
}

/// pyHanko (PyPI), an independent PAdES validator, trusting only the demo root, offline.
enum PyHanko {
    struct Signature: Decodable {
        struct Timestamp: Decodable {
            let intact: Bool
            let valid: Bool
            let trusted: Bool
        }

        let field: String
        let intact: Bool?
        let valid: Bool?
        let trusted: Bool?
        let coverage: String?
        let modification: String?
        let bottomLine: Bool?
        let timestamp: Timestamp?
        let error: String?

        enum CodingKeys: String, CodingKey {
            case field, intact, valid, trusted, coverage, modification, timestamp, error
            case bottomLine = "bottom_line"
        }

        /// What pyHanko's own summary calls a good signature: intact, valid, trusted, and later changes allowed.
        var isGood: Bool { bottomLine == true && intact == true && valid == true && trusted == true }
    }

    static var command: [String]? { Python.command(importing: "pyhanko") }

    private static let script = #"""
    import json, sys
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    def context():
        return ValidationContext(trust_roots=[load_cert_from_pemder(sys.argv[2])], allow_fetching=False)

    results = []
    with open(sys.argv[1], 'rb') as f:
        for sig in PdfFileReader(f).embedded_signatures:
            try:
                status = validate_pdf_signature(sig, context(), ts_validation_context=context())
            except Exception as error:
                results.append({"field": sig.field_name, "error": repr(error)})
                continue
            stamp = status.timestamp_validity
            results.append({
                "field": sig.field_name, "intact": status.intact, "valid": status.valid, "trusted": status.trusted,
                "coverage": status.coverage.name,
                "modification": status.modification_level.name if status.modification_level else None,
                "bottom_line": status.bottom_line,
                "timestamp": None if stamp is None else {"intact": stamp.intact, "valid": stamp.valid, "trusted": stamp.trusted},
            })
            print(status.pretty_print_details(), file=sys.stderr)
    print(json.dumps(results))
    """#

    /// Every signature as pyHanko judges it; throws when pyHanko cannot read the file at all.
    static func validate(_ pdf: [UInt8], trusting root: Certificate) throws -> (signatures: [Signature], details: String) {
        let python = try #require(command)
        let folder = try OpenSSL()
        defer { folder.removeFolder() }
        try folder.write(pdf, to: "signed.pdf")
        try folder.write(certificates: [root], to: "root.pem")
        try folder.write(script, to: "validate.py")
        let run = try Python.run(python + ["validate.py", "signed.pdf", "root.pem"], in: folder.folder)
        guard run.status == 0, let json = run.output.split(separator: "\n").last else {
            throw PyHankoFailure(output: run.output)
        }
        return (try JSONDecoder().decode([Signature].self, from: Data(json.utf8)), run.output)
    }

    struct PyHankoFailure: Error {
        let output: String
    }

    private static let signingScript = #"""
    import sys
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    signer = signers.SimpleSigner.load(sys.argv[3], sys.argv[4], ca_chain_files=(sys.argv[5],))
    with open(sys.argv[1], 'rb') as source:
        output = signers.sign_pdf(IncrementalPdfFileWriter(source),
                                  signers.PdfSignatureMetadata(field_name=sys.argv[6]), signer=signer)
    with open(sys.argv[2], 'wb') as target:
        target.write(output.getbuffer())
    """#

    /// The PDF signed by pyHanko itself with `key`, in the field named (made when it does not exist): a
    /// signature from another implementation for ours to check.
    static func sign(_ pdf: [UInt8], with key: CertifiedKey, field: String) throws -> [UInt8] {
        let python = try #require(command)
        let folder = try OpenSSL()
        defer { folder.removeFolder() }
        try folder.write(pdf, to: "in.pdf")
        try folder.write(key.key.pkcs8PEM, to: "key.pem")
        try folder.write(certificates: [key.certificate], to: "cert.pem")
        try folder.write(certificates: key.intermediates, to: "chain.pem")
        try folder.write(signingScript, to: "sign.py")
        let run = try Python.run(python + ["sign.py", "in.pdf", "out.pdf", "key.pem", "cert.pem", "chain.pem", field], in: folder.folder)
        try #require(run.status == 0, "pyHanko: \(run.output)")
        return try folder.read("out.pdf")
    }
}
