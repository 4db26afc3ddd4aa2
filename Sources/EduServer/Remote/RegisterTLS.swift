import EduCore
import NIOSSL

/// Mutual TLS towards the population register: the platform presents its certificate and key (a PKCS#12 file from a
/// licensed CA, as the register requires of the systems it answers), and accepts only a server certificate that chains
/// to the given roots (the system's roots when none are given).
public struct RegisterTLS: Sendable {
    let configuration: TLSConfiguration

    public init(pkcs12 path: String, passphrase: String, trustRoots: String?) throws(EduError) {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        do {
            let bundle = try NIOSSLPKCS12Bundle(file: path, passphrase: Array(passphrase.utf8))
            configuration.certificateChain = bundle.certificateChain.map { .certificate($0) }
            configuration.privateKey = .privateKey(bundle.privateKey)
        } catch {
            throw EduError("register.identity", vi: "Không đọc được chứng thư của hệ thống trong \(path) (sai mật khẩu hoặc tệp hỏng)",
                           en: "Cannot read the platform's certificate from \(path) (wrong password or a damaged file)")
        }
        if let trustRoots {
            do {
                configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(trustRoots))
            } catch {
                throw EduError("register.roots", vi: "Không đọc được chứng thư gốc của CSDL dân cư trong \(trustRoots)",
                               en: "Cannot read the register's root certificates from \(trustRoots)")
            }
        }
        self.configuration = configuration
    }
}
