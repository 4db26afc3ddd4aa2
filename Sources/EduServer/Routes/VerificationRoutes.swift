import EduCore
import Signing
import Vapor

/// Signature verification for anyone, signed in or not: an employer checking a diploma needs no
/// account. Nothing is stored and nothing changes, so there is no CSRF token to carry.
struct VerificationRoutes: RouteCollection {
    /// A signed diploma or school record with its signature: a few megabytes at most.
    static let maxUpload: ByteCount = "20mb"

    func boot(routes: any RoutesBuilder) throws {
        routes.get("verify") { req in
            req.page(req.localizer("Kiểm tra chữ ký số", "Verify a digital signature"), VerificationViews.form(t: req.localizer))
        }
        routes.on(.POST, "verify", body: .collect(maxSize: Self.maxUpload), use: verifyPage)
        routes.grouped("api", "v1").on(.POST, "verify", body: .collect(maxSize: Self.maxUpload), use: verifyAPI)
    }

    func verifyPage(req: Request) async throws -> Response {
        struct Form: Content {
            let signature: File
            let content: File?
        }
        let form = try req.content.decode(Form.self)
        let title = req.localizer("Kết quả kiểm tra chữ ký", "Verification result")
        do {
            let report = try await verify(Array(form.signature.data.readableBytesView),
                                          content: form.content.flatMap { $0.data.readableBytes > 0 ? Array($0.data.readableBytesView) : nil },
                                          on: req)
            return req.page(title, VerificationViews.report(report, t: req.localizer))
        } catch let error as EduError {
            return req.page(title, status: .unprocessableEntity, VerificationViews.unreadable(error, t: req.localizer))
        }
    }

    /// 200 with the report for any readable signature (look at `signers[].status`); 422 when unreadable.
    func verifyAPI(req: Request) async throws -> Response {
        let body = try req.content.decode(DTO.VerifyRequest.self)
        do {
            let report: DTO.Verification = try await verify(Array(body.signature), content: body.content.map(Array.init), on: req)
            return try await report.encodeResponse(for: req)
        } catch let error as EduError {
            return try await DTO.Problem(error).encodeResponse(status: .unprocessableEntity, for: req)
        }
    }

    private func verify(_ signature: [UInt8], content: [UInt8]?, on req: Request) async throws -> SignatureReport {
        try await req.context.signers.documentVerifier().verify(signature, content: content)
    }
}
