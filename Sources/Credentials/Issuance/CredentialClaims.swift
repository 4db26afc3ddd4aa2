import EduCore
import Foundation

/// What a verifier shows of one of our Verifiable Credentials: the claims its signed payload makes, read from the JWS
/// (compact serialisation, `typ: vc+jwt`). Reading them proves nothing by itself: the signature is checked by the
/// document verifier, and the register says whether the credential still stands.
public struct CredentialClaims: Sendable, Hashable {
    /// The blank serial: the last part of the credential's `id` URL.
    public let serial: String
    public let holderName: String
    public let achievement: String
    /// "Tốt nghiệp năm 2019, THPT …".
    public let narrative: String
    public let issuerName: String
    public let issuerID: String
    public let validFrom: String
    /// The Bitstring Status List position the credential names.
    public let statusList: Int
    public let statusIndex: Int

    /// Nil for anything that is not a compact JWS (three base64url parts, nothing else: the signature covers exactly the
    /// first two) of type `vc+jwt` whose payload is an OpenBadgeCredential with a status entry.
    public init?(jws: String) {
        let parts = jws.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".", omittingEmptySubsequences: false)
        let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(alphabet.contains) }),
              let headerData = Self.base64URL(parts[0]),
              let header = try? JSONSerialization.jsonObject(with: headerData) as? [String: Any],
              header["typ"] as? String == VerifiableCredential.mediaType,
              let data = Self.base64URL(parts[1]),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              (object["type"] as? [String])?.contains("OpenBadgeCredential") == true,
              let id = object["id"] as? String, let serial = id.split(separator: "/").last,
              let subject = object["credentialSubject"] as? [String: Any], let holder = subject["name"] as? String,
              let achievement = subject["achievement"] as? [String: Any],
              let status = object["credentialStatus"] as? [String: Any],
              let index = (status["statusListIndex"] as? String).flatMap(Int.init),
              let list = (status["statusListCredential"] as? String)?.split(separator: "/").last.flatMap({ Int($0) })
        else { return nil }
        self.serial = String(serial)
        holderName = holder
        self.achievement = achievement["name"] as? String ?? ""
        narrative = (achievement["criteria"] as? [String: Any])?["narrative"] as? String ?? ""
        issuerName = (object["issuer"] as? [String: Any])?["name"] as? String ?? ""
        issuerID = (object["issuer"] as? [String: Any])?["id"] as? String ?? ""
        validFrom = object["validFrom"] as? String ?? ""
        statusList = list
        statusIndex = index
    }

    /// Whether the status position is the one the register gives entry `entryID`: a credential cannot borrow another's bit.
    public func names(entry entryID: Int) -> Bool {
        let position = StatusList.position(ofEntry: entryID)
        return position.list == statusList && position.index == statusIndex
    }

    private static func base64URL(_ text: Substring) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }
}
