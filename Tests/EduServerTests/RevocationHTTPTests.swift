import EduCore
import EduServer
import Foundation
import Platform
import Signing
import Testing
import Vapor
import VaporTesting

/// Our CAs' CRLs over HTTP, fetched the way any relying party would (from the address in the certificate), and a
/// time-stamp authority reached over HTTP.
@Suite struct RevocationHTTPTests {
    static let document = Array("Bằng tốt nghiệp THCS số 004567".utf8)

    /// The fixture's server listening on a free loopback port, with a DEMO PKI whose certificates name its CRLs there.
    private static func withRunningServer(_ body: (ServerFixture, String, SignerStore) async throws -> Void) async throws {
        try await ServerFixture.with { fixture in
            try await fixture.app.server.start(address: .hostname("127.0.0.1", port: 0))
            do {
                let port = try #require(fixture.app.http.server.shared.localAddress?.port)
                let base = "http://127.0.0.1:\(port)"
                let cipher = fixture.db.cipher
                try await fixture.db.database.transaction { db in
                    let (department, requests) = try await DemoSigners.requests(db)
                    _ = try await SignerStore(db, cipher: cipher).initialiseDemo(department: department, requests: Array(requests.prefix(2)),
                                                                                publicURL: base)
                }
                try await body(fixture, base, SignerStore(fixture.db.database.sql, cipher: cipher))
            } catch {
                await fixture.app.server.shutdown()
                throw error
            }
            await fixture.app.server.shutdown()
        }
    }

    @Test func aRelyingPartyFetchesOurCRLAndSeesTheRevocation() async throws {
        try await Self.withRunningServer { fixture, base, store in
            let seal = try #require(try await store.list().first { $0.kind == "seal" }).name
            let signature = try await store.signer(named: seal).cmsSigner().sign(Self.document)
            // Only what the certificate says and what the server serves: no access to our database.
            let relyingParty = CMSVerifier(trustedRoots: try await store.trustAnchors(),
                                           revocation: CRLRevocationChecker(source: HTTPCRLSource(cacheLifetime: 0)))
            let before = try await relyingParty.verify(signature, of: Self.document)
            #expect(before.status == .trusted && before.revocation == .good, "\(String(describing: before.revocation))")

            let revoked = try await RevocationStore(fixture.db.database.sql, cipher: fixture.db.cipher)
                .revoke(signerNamed: seal, reason: .keyCompromise)

            let after = try await relyingParty.verify(signature, of: Self.document)
            #expect(after.status == .revoked(date: revoked.date, reason: .keyCompromise))

            let tester = try fixture.app.testing()
            try await tester.test(.GET, "/crl/demo-issuing.crl") { response in
                #expect(response.status == .ok)
                #expect(response.headers.contentType?.description == "application/pkix-crl")
                let issuing = try #require(try await store.authority(named: "demo-issuing")).certificate
                let crl = try CertificateRevocationList(der: Array(response.body.readableBytesView), issuer: issuing)
                #expect(crl.revokedCertificates == [revoked])
            }
            for missing in ["/crl/demo-tsa.crl", "/crl/nothing.crl", "/crl/demo-issuing"] {
                try await tester.test(.GET, missing) { response in #expect(response.status == .notFound, "\(missing)") }
            }
            let notFound = await #expect(throws: EduError.self) { _ = try await HTTPCRLSource().crl(at: base + "/crl/nothing.crl") }
            #expect(notFound?.code == "revocation.unreachable")
            #expect(notFound?.message.en.contains("HTTP 404") == true)
        }
    }

    @Test func unreachableCRLsAndOtherSchemesAreUnreachable() async throws {
        for url in ["http://127.0.0.1:1/crl/x.crl", "ldap://ldap.example.vn/cn=CA?certificateRevocationList", "not a url"] {
            let error = await #expect(throws: EduError.self) { _ = try await HTTPCRLSource(timeoutSeconds: 2).crl(at: url) }
            #expect(error?.code == "revocation.unreachable", "\(url)")
        }
    }

    @Test func signingAsksATimestampAuthorityOverHTTP() async throws {
        try await Self.withRunningServer { _, base, store in
            let seal = try #require(try await store.list().first { $0.kind == "seal" }).name
            let roots = try await store.trustAnchors()
            let timestamping = SignatureTimestamping(authority: HTTPTimestampClient(url: base + "/tsa"),
                                                     verifier: TimestampVerifier(trustedRoots: roots))
            let signature = try await store.signer(named: seal).cmsSigner().sign(Self.document, timestamping: timestamping)
            let result = try await CMSVerifier(trustedRoots: roots).verify(signature, of: Self.document)
            #expect(result.isTrusted)
            #expect(result.timestamp?.isTrusted == true)

            let unreachable = SignatureTimestamping(authority: HTTPTimestampClient(url: "http://127.0.0.1:1/tsa", timeoutSeconds: 2),
                                                    verifier: TimestampVerifier(trustedRoots: roots))
            let refusal = await #expect(throws: EduError.self) {
                _ = try await store.signer(named: seal).cmsSigner().sign(Self.document, timestamping: unreachable)
            }
            #expect(refusal?.code == "tsa.unreachable")
        }
    }
}
