import EduCore

/// Judges what the revisions appended after a signed one changed, by comparing the document as signed with
/// the whole file object by object. Further signatures are allowed (ISO 32000-1 §12.8: a document without
/// DocMDP restrictions may be signed again); anything else could change what a reader sees.
///
/// Allowed, and nothing more:
/// - new objects (they matter only once a changed object points at them, and those are checked here);
/// - the catalog gaining or changing `/AcroForm`, and the declarations signers add beside a signature:
///   `/Version`, `/Extensions` (ETSI's developer extension) and `/Metadata` (XMP), as pyHanko does;
/// - the form's `/Fields` growing by signature fields, and its `/SigFlags`;
/// - a page's `/Annots` growing by signature widgets;
/// - an empty signature field receiving its `/V` (and appearance);
/// - object and cross-reference streams rewritten (the objects inside are judged one by one), and XMP
///   metadata streams.
struct LaterRevisions {
    /// The document as signed: a prefix of `current`.
    let signed: PDFFile
    let current: PDFFile

    func addOnlySignatures() throws(EduError) -> Bool {
        guard current.root == signed.root else { return false }
        for number in Set(signed.entries.keys).union(current.entries.keys) {
            let (before, after) = (signed.entries[number], current.entries[number])
            if location(before, in: signed) == location(after, in: current) { continue }
            guard let newer = Self.reference(number, after) else { return false }  // an object deleted
            guard let older = Self.reference(number, before) else { continue }  // an object added
            guard try isAllowed(number, from: signed.object(older), to: current.object(newer)) else { return false }
        }
        return true
    }

    /// Where an object's bytes are. The signed file is a prefix of the current one, so the same location in
    /// both means the same bytes, which the signature has already vouched for.
    private enum Location: Hashable {
        case inFile(offset: Int, generation: Int)
        case inObjectStream(streamOffset: Int?, index: Int)
    }

    private func location(_ entry: CrossReferenceEntry?, in file: PDFFile) -> Location? {
        switch entry {
        case nil, .free?: nil
        case .inFile(let offset, let generation)?: .inFile(offset: offset, generation: generation)
        case .inObjectStream(let stream, let index)?:
            if case .inFile(let offset, _)? = file.entries[stream] {
                .inObjectStream(streamOffset: offset, index: index)
            } else {
                .inObjectStream(streamOffset: nil, index: index)
            }
        }
    }

    private static func reference(_ number: Int, _ entry: CrossReferenceEntry?) -> PDFReference? {
        switch entry {
        case nil, .free?: nil
        case .inFile(_, let generation)?: PDFReference(number: number, generation: generation)
        case .inObjectStream?: PDFReference(number: number, generation: 0)
        }
    }

    private func isAllowed(_ number: Int, from old: PDFObject, to new: PDFObject) throws(EduError) -> Bool {
        if old == new { return true }
        switch (old, new) {
        case (.stream(let old), .stream(let new)):
            return ["ObjStm", "XRef", "Metadata"].contains { old.dictionary.has("Type", name: $0) && new.dictionary.has("Type", name: $0) }
        case (.array(let old), .array(let new)):
            return try appendsOnlySignatures(old, new)
        case (.dictionary(let old), .dictionary(let new)):
            return try isAllowed(number, from: old, to: new)
        default:
            return false
        }
    }

    private func isAllowed(_ number: Int, from old: PDFDictionary, to new: PDFDictionary) throws(EduError) -> Bool {
        let changed = new.keysDiffering(from: old)
        if number == current.root.number {
            guard changed.isSubset(of: ["AcroForm", "Version", "Extensions", "Metadata"]) else { return false }
            return try formChangeIsAllowed(from: old["AcroForm"], to: new["AcroForm"])
        }
        if try current.catalog()["AcroForm"]?.reference?.number == number {
            return try formChangeIsAllowed(from: .dictionary(old), to: .dictionary(new))
        }
        if old.has("Type", name: "Page") {
            guard changed.isSubset(of: ["Annots"]) else { return false }
            return try appendsOnlySignatures(signed.array(old["Annots"]) ?? [], current.array(new["Annots"]) ?? [])
        }
        if old.has("FT", name: "Sig"), old["V"] == nil {
            return changed.isSubset(of: ["V", "AP"])
        }
        return false
    }

    private func formChangeIsAllowed(from old: PDFObject?, to new: PDFObject?) throws(EduError) -> Bool {
        let before = try signed.dictionary(old) ?? PDFDictionary()
        guard let after = try current.dictionary(new) else { return old == nil }
        guard after.keysDiffering(from: before).isSubset(of: ["Fields", "SigFlags"]) else { return false }
        return try appendsOnlySignatures(signed.array(before["Fields"]) ?? [], current.array(after["Fields"]) ?? [])
    }

    /// The same elements in the same order, followed by signature fields or their widgets.
    private func appendsOnlySignatures(_ old: [PDFObject], _ new: [PDFObject]) throws(EduError) -> Bool {
        guard new.count >= old.count, new.prefix(old.count).elementsEqual(old) else { return false }
        for added in new.dropFirst(old.count) {
            guard let field = try current.dictionary(added) else { return false }
            let parent = try current.dictionary(field["Parent"])
            let isSignatureWidget = field.has("Subtype", name: "Widget") && parent?.has("FT", name: "Sig") == true
            guard field.has("FT", name: "Sig") || isSignatureWidget else { return false }
        }
        return true
    }
}
