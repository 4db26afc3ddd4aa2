import ArgumentParser
import EduCore
import Foundation
import NIOSSL
import Signing
import X509

extension PKICommand {
    /// `eduvn pki import FILE.p12`: a certificate and key issued by a licensed CA, checked and bound to a signer.
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Add a signer from a PKCS#12 file (RSA 2048-4096, ECDSA P-256/P-384); the passphrase is read from standard input.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The .p12 / .pfx file") var file: String
        @OptionGroup var signer: NewSignerOptions

        func run() async throws {
            try await runReporting {
                let passphrase = readLine(strippingNewline: true) ?? ""
                let contents = try PKCS12Contents.read(file, passphrase: passphrase)
                try await CommandSession.with(database) { session in
                    try await session.signers().importSigner(
                        name: signer.name, kind: signer.kind, key: contents.key, certificate: contents.certificate,
                        intermediates: contents.intermediates, binding: try await signer.binding(in: session))
                    print("imported \(signer.name): \(contents.certificate.subject)")
                }
            }
        }
    }

    /// Parses a PKCS#12 file for `import`, in a process of its own (not shown in help): swift-nio-ssl
    /// stops the process with `fatalError` when a bundle holds no key or no certificate, and a file
    /// from outside must never be able to do that to the command that imports it.
    struct ReadPKCS12: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "read-p12", shouldDisplay: false)
        @Argument var file: String

        func run() throws {
            let passphrase = readLine(strippingNewline: true) ?? ""
            let bundle: NIOSSLPKCS12Bundle
            do {
                bundle = try NIOSSLPKCS12Bundle(file: file, passphrase: Array(passphrase.utf8))
            } catch {
                throw ExitCode(PKCS12Contents.unreadableStatus)
            }
            let parts = PKCS12Contents.Parts(key: try bundle.privateKey.derBytes,
                                             certificates: try bundle.certificateChain.map { try $0.toDERBytes() })
            FileHandle.standardOutput.write(try JSONEncoder().encode(parts))
        }
    }
}

/// A PKCS#12 file's key and certificates, read by `eduvn pki read-p12` in a child process.
struct PKCS12Contents {
    let key: SoftwareSigningKey
    let certificate: Certificate
    let intermediates: [Certificate]

    struct Parts: Codable {
        let key: [UInt8]
        let certificates: [[UInt8]]
    }

    static let unreadableStatus: Int32 = 3

    static func read(_ path: String, passphrase: String) throws -> PKCS12Contents {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw EduError("file.unreadable", vi: "Không đọc được tệp \(path)", en: "Cannot read the file \(path)")
        }
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/proc/self/exe")
        child.arguments = ["pki", "read-p12", path]
        let input = Pipe(), output = Pipe()
        child.standardInput = input
        child.standardOutput = output
        child.standardError = FileHandle.nullDevice
        try child.run()
        input.fileHandleForWriting.write(Data((passphrase + "\n").utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        child.waitUntilExit()
        guard child.terminationReason == .exit, child.terminationStatus == 0,
              let parts = try? JSONDecoder().decode(Parts.self, from: data), let leaf = parts.certificates.first else {
            throw child.terminationReason == .exit && child.terminationStatus == unreadableStatus
                ? EduError("pkcs12.unreadable", vi: "Không mở được tệp PKCS#12: sai mật khẩu hoặc tệp hỏng",
                           en: "The PKCS#12 file cannot be opened: wrong passphrase or a damaged file")
                : EduError("pkcs12.incomplete", vi: "Tệp PKCS#12 không chứa đủ khoá bí mật và chứng thư số",
                           en: "The PKCS#12 file does not hold both a private key and its certificate")
        }
        do {
            return PKCS12Contents(key: try SoftwareSigningKey(der: parts.key), certificate: try Certificate(derEncoded: leaf),
                                  intermediates: try parts.certificates.dropFirst().map { try Certificate(derEncoded: $0) })
        } catch let error as EduError {
            throw error
        } catch {
            throw EduError.malformedCertificateFile
        }
    }
}

extension EduError {
    static let malformedCertificateFile = EduError("pkcs12.certificate", vi: "Chứng thư số trong tệp PKCS#12 không đúng định dạng",
                                                   en: "A certificate in the PKCS#12 file is malformed")
}
