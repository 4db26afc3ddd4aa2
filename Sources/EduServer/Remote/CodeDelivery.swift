import EduCore
import Foundation

/// Sends sign-in codes to a guardian's phone. Nothing else about the code is kept in clear anywhere.
public protocol CodeDelivery: Sendable {
    func deliver(code: String, to phone: PhoneNumber) async throws(EduError)
}

extension CodeDelivery {
    /// The text message: plain letters, so it fits one GSM-7 SMS on every phone.
    static func message(_ code: String) -> String {
        "Ma dang nhap EduVN: \(code) (hieu luc 5 phut). Khong dua ma nay cho bat ky ai."
    }
}

/// The operator's SMS gateway (`EDUVN_SMS_GATEWAY_URL`, `EDUVN_SMS_GATEWAY_TOKEN`): `POST` of
/// `{"to": "0912345678", "text": "..."}` as JSON, with the token as a bearer credential; any 2xx answer means accepted.
/// A gateway that is down or refuses makes the sign-in say so (without its address or answer, which go to the log
/// by error code only); no code is shown on the page instead (no fail-open).
public struct SMSGatewayDelivery: CodeDelivery {
    public let url: String
    public let token: String?

    public init(url: String, token: String?) {
        self.url = url
        self.token = token
    }

    public func deliver(code: String, to phone: PhoneNumber) async throws(EduError) {
        struct Message: Encodable { let to: String; let text: String }
        let body = (try? JSONEncoder().encode(Message(to: phone.digits, text: Self.message(code)))).map(Array.init) ?? []
        let answer = try await RemoteFetch(timeout: .seconds(10), maxResponse: 1 << 16).exchange(
            url, method: .POST, contentType: "application/json", body: body, bearer: token,
            unreachable: { EduError("family.delivery", vi: "Chưa gửi được mã: \($0.vi)", en: "The code could not be sent: \($0.en)") })
        guard (200..<300).contains(answer.status.code) else {
            throw EduError("family.delivery", vi: "Chưa gửi được mã: cổng SMS trả lời HTTP \(answer.status.code)",
                           en: "The code could not be sent: the SMS gateway answered HTTP \(answer.status.code)")
        }
    }
}

/// DEMO only (`serve --demo` without a gateway): prints the code on the server's console, never into the logs,
/// so a developer can sign in as a guardian of the demo province.
public struct ConsoleCodeDelivery: CodeDelivery {
    public init() {}

    public func deliver(code: String, to phone: PhoneNumber) async throws(EduError) {
        print("DEMO SMS → \(phone.masked): \(Self.message(code))")
        fflush(nil)
    }
}
