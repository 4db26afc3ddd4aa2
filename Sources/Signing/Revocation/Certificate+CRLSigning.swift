import X509

extension Certificate {
    /// RFC 5280 §4.2.1.3: a key whose certificate limits its use may sign CRLs only when cRLSign is among the
    /// uses. A keyUsage that cannot be read allows nothing.
    var allowsCRLSigning: Bool {
        do {
            return try extensions.keyUsage?.cRLSign ?? true
        } catch {
            return false
        }
    }
}
