import Credentials
import EduCore
import Vapor

/// `POST /api/v1/credentials/lookup` (public, no token): the blank serial, full name and date of birth in a JSON body
/// (personal data never goes in a URL). 200 with the public view; one uniform 404 for "no such serial" and "the
/// details do not match"; 429 with Retry-After for a client over its rate or when all clients together are.
struct CredentialRoutes: RouteCollection {
    let throttle: LookupThrottle

    func boot(routes: any RoutesBuilder) throws {
        routes.grouped("api", "v1", "credentials").post("lookup", use: lookup)
    }

    static let notFound = EduError("credentials.lookup", vi: "Không tìm thấy văn bằng khớp với các thông tin đã nhập",
                                   en: "No credential matches the details given")

    func lookup(req: Request) async throws -> Response {
        if let wait = throttle.admit(req.origin) {
            let response = try await DTO.Problem(EduError("credentials.throttled", vi: "Tra cứu quá nhiều: hãy thử lại sau \(wait) giây",
                                                          en: "Too many lookups: try again in \(wait) s"))
                .encodeResponse(status: .tooManyRequests, for: req)
            response.headers.replaceOrAdd(name: .retryAfter, value: String(wait))
            return response
        }
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
