import Foundation
import Testing
@testable import Signing
import SwiftASN1
import X509

/// A demo hierarchy with its time-stamp authority, and the files OpenSSL needs to check its replies.
struct TimestampFixture {
    static let policy = "1.3.6.1.4.1.32473.3161.1"

    let pki: DemoPKI
    let authorityKey: CertifiedKey
    let authority: DemoTimestampAuthority

    /// `now` moves the whole hierarchy in time: certificates start five minutes before it.
    init(_ algorithm: SigningAlgorithm = .ecdsaP256SHA256, now: Date = Date(), years: Int = 2) throws {
        pki = try DemoPKI(department: Demo.department, now: now)
        authorityKey = try pki.issueTimestampAuthority(unit: Demo.department, algorithm: algorithm,
                                                       validity: DemoPKI.validity(years: years, from: now))
        authority = try DemoTimestampAuthority(authorityKey)
    }

    var verifier: TimestampVerifier {
        TimestampVerifier(trustedRoots: [pki.root.certificate])
    }

    /// A request for the SHA-256 of `data` and the authority's reply to it.
    func stamp(_ data: [UInt8], nonce: UInt64? = .random(in: 1 ... .max), certificateRequested: Bool = true,
               at time: Date = Date()) async throws -> (request: TimestampRequest, response: [UInt8]) {
        let request = try TimestampRequest.make(digestOf: data, nonce: nonce, certificateRequested: certificateRequested)
        return (request, await authority.respond(to: request.der, at: time))
    }

    /// root.pem, the trust anchor; chain.pem, the authority's certificate and the issuing CA, for `-untrusted`.
    func writeCertificates(for openssl: OpenSSL) throws {
        try openssl.write(certificates: [pki.root.certificate], to: "root.pem")
        try openssl.write(certificates: [authorityKey.certificate, pki.issuingCA.certificate], to: "chain.pem")
    }

    static func response(_ bytes: [UInt8]) throws -> TimeStampResp {
        try TimeStampResp(derEncoded: bytes)
    }

    /// The token's SignedData inside a granted reply.
    static func signedData(in response: [UInt8]) throws -> SignedData {
        try SignedData(contentInfo: try #require(Self.response(response).token))
    }

    static func info(in response: [UInt8]) throws -> TSTInfo {
        try TSTInfo(derEncoded: try #require(signedData(in: response).content).bytes)
    }
}
