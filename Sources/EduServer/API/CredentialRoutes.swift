import Access
import Credentials
import EduCore
import Vapor

/// `POST /api/v1/credentials/lookup` (public, no token): the blank serial, full name and date of birth in a JSON body
/// (personal data never goes in a URL). 200 with the public view; one uniform 404 for "no such serial" and "the
/// details do not match"; 429 with Retry-After for a client over its rate or when all clients together are.
struct CredentialRoutes: RouteCollection {
    let throttle: LookupThrottle
    let keyMeter: VerifierKeyMeter

    func boot(routes: any RoutesBuilder) throws {
        routes.grouped("api", "v1", "credentials").post("lookup", use: lookup)
    }

    static let notFound = EduError("credentials.lookup", vi: "Không tìm thấy văn bằng khớp với các thông tin đã nhập",
                                   en: "No credential matches the details given")

    /// An employer's key (`Authorization: Bearer evk_…`) counts against its daily quota (`VerifierKeyMeter`) instead of the address's limit:
    /// 401 for an unknown or revoked key, 429 until Vietnam's midnight once the quota is spent. Anonymous clients get
    /// the per-address limit. Both count towards the overall limit.
    func lookup(req: Request) async throws -> Response {
        if let bearer = req.headers.bearerAuthorization?.token, bearer.hasPrefix(VerifierKeyStore.prefix) {
            // The overall limit first, so a busy server does not spend an employer's quota on a refusal.
            if let wait = throttle.admitOverall() { return try await tooMany(req, wait: wait, quota: false) }
            switch try await keyMeter.admit(secret: bearer) {
            case .unknown:
                // Guessing keys costs the address's lookups, and every attempt within them is audited.
                if let wait = throttle.admit(req.origin) { return try await tooMany(req, wait: wait, quota: false) }
                try await AuditLog(req.context.database.sql).append(AuditEvent(action: "login_failed", entity: "verifier_key", entityID: "unknown"),
                                                                    by: Actor(name: "anonymous", origin: req.origin))
                return try await DTO.Problem(EduError("credentials.key", vi: "Khoá tra cứu không đúng hoặc đã thu hồi",
                                                      en: "The lookup key is wrong or revoked")).encodeResponse(status: .unauthorized, for: req)
            case .overQuota:
                return try await tooMany(req, wait: Self.secondsToVietnamMidnight(), quota: true)
            case .admitted(_, let remaining):
                let response = try await answer(req)
                response.headers.replaceOrAdd(name: "X-Quota-Remaining", value: String(remaining))
                return response
            }
        }
        if let wait = throttle.admit(req.origin) { return try await tooMany(req, wait: wait, quota: false) }
        return try await answer(req)
    }

    private func tooMany(_ req: Request, wait: Int, quota: Bool) async throws -> Response {
        let error = quota
            ? EduError("credentials.quota", vi: "Đã hết hạn mức tra cứu hôm nay của khoá này", en: "This key's lookups for today are spent")
            : EduError("credentials.throttled", vi: "Tra cứu quá nhiều: hãy thử lại sau \(wait) giây", en: "Too many lookups: try again in \(wait) s")
        let response = try await DTO.Problem(error).encodeResponse(status: .tooManyRequests, for: req)
        response.headers.replaceOrAdd(name: .retryAfter, value: String(wait))
        return response
    }

    static func secondsToVietnamMidnight(at date: Date = Date()) -> Int {
        max(1, 24 * 3600 - CalendarDate.inVietnam(date).minutes * 60)
    }

    private func answer(_ req: Request) async throws -> Response {
        let body = try req.content.decode(DTO.CredentialLookup.self)
        guard let birth = CalendarDate(iso: body.dateOfBirth) else {
            return try await DTO.Rejected(problems: [RowProblem(row: 1, column: "date_of_birth", value: body.dateOfBirth,
                                                                vi: "Ngày sinh viết dạng YYYY-MM-DD", en: "Write the date of birth as YYYY-MM-DD")])
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        let found = try await RegisterStore(req.context.database.sql, cipher: req.context.cipher)
            .lookup(serial: body.serial, fullName: body.fullName, dateOfBirth: birth)
        guard let found else { return try await DTO.Problem(Self.notFound).encodeResponse(status: .notFound, for: req) }
        return try await found.encodeResponse(for: req)
    }
}

extension PublicCredential: Content {}

extension DTO {
    struct CredentialLookup: Content {
        let serial: String
        let fullName: String
        /// YYYY-MM-DD.
        let dateOfBirth: String

        enum CodingKeys: String, CodingKey { case serial, fullName = "full_name", dateOfBirth = "date_of_birth" }
    }
}
