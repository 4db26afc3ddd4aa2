import Foundation
@testable import Signing
import SwiftASN1
import Testing
import X509

/// DER details of the RFC 3161 structures that the round trips through OpenSSL do not pin down.
@Suite struct TimestampASN1Tests {
    @Test(arguments: [(0.0, "20261120093005Z"), (0.5, "20261120093005.5Z"), (0.12, "20261120093005.12Z"),
                      (0.001, "20261120093005.001Z"), (0.9999, "20261120093005.999Z")])
    func genTimeIsWrittenToTheMillisecondWithoutTrailingZeros(_ fraction: Double, _ expected: String) throws {
        let second = try #require(ISO8601DateFormatter().date(from: "2026-11-20T09:30:05Z"))
        let time = try GeneralizedTime(millisecondsOf: second.addingTimeInterval(fraction))
        #expect(String(decoding: try time.derBytes().dropFirst(2), as: UTF8.self) == expected)
    }

    @Test func genTimeBefore1970KeepsAPositiveFraction() throws {
        let time = try GeneralizedTime(millisecondsOf: Date(timeIntervalSince1970: -0.25))
        #expect(String(decoding: try time.derBytes().dropFirst(2), as: UTF8.self) == "19691231235959.75Z")
        #expect(try time.date == Date(timeIntervalSince1970: -0.25))
    }

    @Test(arguments: [(TimestampFailure.badAlg, [0x03, 0x02, 0x07, 0x80]), (.badDataFormat, [0x03, 0x02, 0x02, 0x04]),
                      (.systemFailure, [0x03, 0x05, 0x06, 0x00, 0x00, 0x00, 0x40])] as [(TimestampFailure, [UInt8])])
    func failInfoIsAMinimalNamedBitList(_ failure: TimestampFailure, _ bitString: [UInt8]) throws {
        let der = TimeStampResp(status: .rejection(failure), token: nil).encoded
        #expect(der.firstRange(of: bitString) != nil, "\(der)")
        #expect(try TimeStampResp(derEncoded: der).status == .rejection(failure))
    }

    @Test func tstInfoRoundTripsEveryField() throws {
        var extensions = DER.Serializer()
        extensions.appendConstructedNode(identifier: ASN1Identifier(tagWithNumber: 1, tagClass: .contextSpecific)) { _ in }
        let info = TSTInfo(
            policy: OID.demoTimestampPolicy, messageImprint: MessageImprint(hashing: [1, 2, 3], with: .sha512),
            serialNumber: Certificate.SerialNumber(), genTime: try GeneralizedTime(millisecondsOf: Date()),
            accuracy: Accuracy(seconds: 2, millis: 5, micros: 999), ordering: true, nonce: [0x80, 0x01],
            tsa: .dnsName("tsa.example"), extensions: try ASN1Any(derEncoded: extensions.serializedBytes))

        let decoded = try TSTInfo(derEncoded: info.derBytes())

        #expect(try decoded.derBytes() == info.derBytes())
        #expect(decoded.accuracy == Accuracy(seconds: 2, millis: 5, micros: 999))
        #expect(decoded.ordering)
        #expect(decoded.nonce.map(Array.init) == [0x80, 0x01])
        #expect(decoded.tsa == .dnsName("tsa.example"))
    }

    @Test func accuracyRefusesMillisOutOfRange() throws {
        var coder = DER.Serializer()
        try coder.appendConstructedNode(identifier: .sequence) { coder in
            try 1000.serialize(into: &coder, withIdentifier: ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific))
        }
        #expect(throws: ASN1Error.self) { try Accuracy(derEncoded: coder.serializedBytes) }
    }

    @Test func requestRoundTrips() throws {
        let request = try TimestampRequest.make(digestOf: Demo.document, nonce: 0xFF)
        let decoded = try TimeStampReq(derEncoded: request.der)
        #expect(decoded.nonce.map(Array.init) == [0xFF])
        #expect(decoded.certificateRequested)
        #expect(decoded.messageImprint == MessageImprint(hashing: Demo.document, with: .sha256))
        #expect(try decoded.derBytes() == request.der)
    }
}
