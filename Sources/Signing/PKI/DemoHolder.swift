import EduCore
import X509

/// Who a demo certificate is for.
public enum DemoHolder: Sendable, Hashable {
    /// A unit's seal certificate (chứng thư số con dấu): the department or a school signing as an organisation.
    case seal(unit: String)
    /// A member of staff signing in person for their unit.
    case person(name: String, unit: String)
}

/// Subject names of the demo hierarchy. Every one says DEMO twice, so no reader of a certificate,
/// a signature panel or our own pages can take it for a real one: "DEMO – " before the common name,
/// and an organisational unit that reads "DEMO - KHÔNG CÓ GIÁ TRỊ PHÁP LÝ" (no legal validity).
/// The label sits in OU rather than O because RFC 5280 bounds O at 64 characters and a school's
/// name plus the label can exceed it.
enum DemoNaming {
    static let label = "DEMO - KHÔNG CÓ GIÁ TRỊ PHÁP LÝ"
    private static let commonNamePrefix = "DEMO – "
    /// ub-common-name and ub-organization-name (RFC 5280 appendix A.1).
    private static let maximumLength = 64

    static func subject(of holder: DemoHolder) throws -> DistinguishedName {
        switch holder {
        case .seal(let unit):
            let unit = try unitName(unit)
            return try subject(commonName: unit, organization: unit)
        case .person(let name, let unit):
            if let problem = PersonName.problem(name) { throw EduError.invalidName(problem) }
            return try subject(commonName: PersonName.normalized(name), organization: unitName(unit))
        }
    }

    static func subject(commonName: String, organization: String) throws -> DistinguishedName {
        let commonName = commonNamePrefix + commonName
        for value in [commonName, organization] where value.unicodeScalars.count > maximumLength {
            throw EduError.invalidName(Bilingual(vi: "\"\(value)\" dài quá \(maximumLength) ký tự",
                                                 en: "\"\(value)\" is longer than \(maximumLength) characters"))
        }
        return try DistinguishedName {
            CountryName("VN")
            OrganizationName(organization)
            OrganizationalUnitName(label)
            CommonName(commonName)
        }
    }

    /// A common name without the DEMO marking: the name of the person or unit the certificate was made for.
    static func holder(commonName: String) -> String {
        commonName.hasPrefix(commonNamePrefix) ? String(commonName.dropFirst(commonNamePrefix.count)) : commonName
    }

    /// Stored like people's names: NFC, trimmed, single spaces, so that the same unit always yields the same bytes.
    static func unitName(_ text: String) throws -> String {
        let name = PersonName.normalized(text)
        guard !name.isEmpty else {
            throw EduError.invalidName(Bilingual(vi: "tên đơn vị trống", en: "the unit name is empty"))
        }
        return name
    }
}
