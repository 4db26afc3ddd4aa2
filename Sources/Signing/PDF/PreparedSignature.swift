import EduCore
import Foundation
import SwiftASN1
import X509

/// A PDF with a signature appended but not yet made: the field, widget, appearance and signature
/// dictionary are written and `/ByteRange` is filled in, while `/Contents` is still zeros.
struct PreparedSignature {
    private(set) var bytes: [UInt8]
    /// The `/Contents` hex string, `<` and `>` included: the one part of the file the signature leaves out.
    let contents: Range<Int>

    /// Everything but the `/Contents` value, in order: what the signature's message digest covers.
    var signedBytes: [UInt8] { Array(bytes[..<contents.lowerBound]) + bytes[contents.upperBound...] }

    /// `reserved` is how many bytes of DER the `/Contents` placeholder can take.
    init(_ pdf: [UInt8], signer: Certificate, time: Date, placement: PDFSignaturePlacement,
         reserved: Int, timestamped: Bool) throws(EduError) {
        let file = try PDFFile(pdf[...])
        let pages = try file.pages()
        let pageIndex = placement.page ?? pages.count - 1
        guard pages.indices.contains(pageIndex) else { throw .pageMissing(pageIndex, count: pages.count) }
        let page = pages[pageIndex]
        guard let pageDictionary = try file.dictionary(.reference(page)) else { throw .malformedPDF }
        let signatureCount = try SignatureFields.signed(in: file).count
        let fieldName = try Self.fieldName(avoiding: SignatureFields.names(in: file), from: signatureCount + 1)

        var update = IncrementalUpdate(appendingTo: pdf, file: file)
        let value = update.newReference(), widget = update.newReference()
        let appearance = update.newReference()
        let rect = placement.rect ?? PDFSignaturePlacement.slot(signatureCount)
        guard rect.isOnAPage else { throw .invalidPlacement }
        let name = signer.commonName ?? signer.subject.description

        let valueStart = update.write(Self.signatureDictionary(name: name, time: time, reserved: reserved), as: value)
        update.write(Self.field(named: fieldName, value: value, page: page, rect: rect, appearance: appearance), as: widget)
        let drawing = SignatureAppearance(signer: name, time: time, timestamped: timestamped, rect: rect)
        try PageForm(try drawing.pdf()).write(into: &update, as: appearance)
        if let changedPage = try Self.appending(widget, to: "Annots", of: pageDictionary, in: file, update: &update) {
            update.write(.dictionary(changedPage), as: page)
        }
        try Self.addToForm(widget, in: file, update: &update)
        update.finish()

        bytes = update.bytes
        guard let contentsStart = PDFSyntax.firstIndex(of: "/Contents <", in: bytes[...], from: valueStart),
              let rangeStart = PDFSyntax.firstIndex(of: "/ByteRange [", in: bytes[...], from: valueStart),
              let contentsEnd = PDFSyntax.firstIndex(of: ">", in: bytes[...], from: contentsStart + 10)
        else { throw .malformedPDF }
        contents = contentsStart + "/Contents ".utf8.count ..< contentsEnd + 1
        fillByteRange(at: rangeStart + "/ByteRange ".utf8.count)
    }

    /// The signed file: the DER of the CMS written over the zeros of `/Contents`; the rest stays zeros.
    func filling(with cms: [UInt8]) throws(EduError) -> [UInt8] {
        let hex = PDFObject.hex(cms).dropFirst().dropLast()
        guard hex.count <= contents.count - 2 else { throw .signatureTooLarge }
        var signed = bytes
        signed.replaceSubrange(contents.lowerBound + 1 ..< contents.lowerBound + 1 + hex.count, with: hex)
        return signed
    }

    /// `[0 a b c]`: from the start to the `<` of `/Contents`, then from after its `>` to the end of the file.
    /// Written over the placeholder and padded with spaces, so no offset moves.
    private mutating func fillByteRange(at start: Int) {
        let numbers = [0, contents.lowerBound, contents.upperBound, bytes.count - contents.upperBound]
        let placeholder = Self.byteRangePlaceholder.serialized
        var text = Array(("[" + numbers.map(String.init).joined(separator: " ")).utf8)
        text += [UInt8](repeating: UInt8(ascii: " "), count: placeholder.count - text.count - 1) + [UInt8(ascii: "]")]
        bytes.replaceSubrange(start ..< start + placeholder.count, with: text)
    }

    /// Ten digits a number: wide enough for files up to 10 GB.
    private static let byteRangePlaceholder = PDFObject.array([.integer(0)] + Array(repeating: .integer(9_999_999_999), count: 3))

    private static func signatureDictionary(name: String, time: Date, reserved: Int) -> PDFObject {
        .dictionary(PDFDictionary([
            "Type": .name("Sig"),
            "Filter": .name("Adobe.PPKLite"),
            "SubFilter": .name("ETSI.CAdES.detached"),
            "M": .string(Array(PDFDate.string(time).utf8)),
            "Name": .string(PDFText.encode(name)),
            "ByteRange": byteRangePlaceholder,
            "Contents": .string([UInt8](repeating: 0, count: reserved)),
        ]))
    }

    /// The signature field and its widget annotation in one dictionary, as ISO 32000-1 §12.5.6.19 allows
    /// for a field with a single widget.
    private static func field(named name: String, value: PDFReference, page: PDFReference, rect: PDFSignaturePlacement.Rect,
                              appearance: PDFReference) -> PDFObject {
        .dictionary(PDFDictionary([
            "Type": .name("Annot"),
            "Subtype": .name("Widget"),
            "FT": .name("Sig"),
            "T": .string(PDFText.encode(name)),
            "V": .reference(value),
            "P": .reference(page),
            "Rect": rect.corners,
            // Print (4) and Locked (128): the block prints with the page and cannot be moved or deleted.
            "F": .integer(132),
            "AP": .dictionary(PDFDictionary(["N": .reference(appearance)])),
        ]))
    }

    private static func fieldName(avoiding names: Set<String>, from first: Int) -> String {
        var number = first
        while names.contains("Signature\(number)") { number += 1 }
        return "Signature\(number)"
    }

    /// Appends `element` to the array under `key`. An indirect array is rewritten where it lives and nil is
    /// answered; otherwise the dictionary with its new array is answered, to be written by the caller.
    private static func appending(_ element: PDFReference, to key: String, of dictionary: PDFDictionary,
                                  in file: PDFFile, update: inout IncrementalUpdate) throws(EduError) -> PDFDictionary? {
        var changed = dictionary
        switch dictionary[key] {
        case .reference(let array)?:
            guard let elements = try file.array(.reference(array)) else { throw .malformedPDF }
            update.write(.array(elements + [.reference(element)]), as: array)
            return nil
        case .array(let elements)?:
            changed[key] = .array(elements + [.reference(element)])
        case nil:
            changed[key] = .array([.reference(element)])
        default:
            throw .malformedPDF
        }
        return changed
    }

    /// Lists the field in the interactive form, making the form when there is none. A new form is its own
    /// object, so later signers change only it and never the catalog again. SigFlags 3: the document has
    /// signatures and is to be updated only by appending (ISO 32000-1 §12.7.2).
    private static func addToForm(_ field: PDFReference, in file: PDFFile, update: inout IncrementalUpdate) throws(EduError) {
        var catalog = try file.catalog()
        func signed(_ form: PDFDictionary) throws(EduError) -> PDFDictionary {
            var form = try appending(field, to: "Fields", of: form, in: file, update: &update) ?? form
            form["SigFlags"] = .integer((form["SigFlags"]?.integer ?? 0) | 3)
            return form
        }
        switch catalog["AcroForm"] {
        case .reference(let reference)?:
            guard let form = try file.dictionary(.reference(reference)) else { throw .malformedPDF }
            let changed = try signed(form)
            if changed != form { update.write(.dictionary(changed), as: reference) }
            return
        case .dictionary(let form)?:
            catalog["AcroForm"] = .dictionary(try signed(form))
        case nil:
            let reference = update.newReference()
            update.write(.dictionary(try signed(PDFDictionary())), as: reference)
            catalog["AcroForm"] = .reference(reference)
        default:
            throw .malformedPDF
        }
        update.write(.dictionary(catalog), as: file.root)
    }
}

extension Certificate {
    /// The subject's first common name, the name a person knows the signer by.
    var commonName: String? { subjectAttribute(.RDNAttributeType.commonName) }

    /// The subject's first organisation name: the unit a person signs for, or the unit a seal is.
    var organizationName: String? { subjectAttribute(.RDNAttributeType.organizationName) }

    private func subjectAttribute(_ type: ASN1ObjectIdentifier) -> String? {
        subject.lazy.flatMap { $0 }.first { $0.type == type }.flatMap { String($0.value) }
    }
}
