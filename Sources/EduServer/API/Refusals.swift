import EduCore
import Vapor

extension Request {
    /// Encodes what `body` returns, or its refusal: 422 with every problem for bad input, and for the stores' errors
    /// the status `refusals` gives (403, 404, 409, 422) with the bilingual message.
    func respond(status: HTTPResponseStatus = .ok, refusals: (EduError) -> HTTPResponseStatus,
                 _ body: () async throws -> some Content) async throws -> Response {
        do {
            return try await body().encodeResponse(status: status, for: self)
        } catch let rejected as InputRejected {
            return try await DTO.Rejected(problems: rejected.problems).encodeResponse(status: .unprocessableEntity, for: self)
        } catch let error as EduError {
            return try await DTO.Problem(error).encodeResponse(status: refusals(error), for: self)
        }
    }
}
