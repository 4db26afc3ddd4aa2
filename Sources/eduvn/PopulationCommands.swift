import ArgumentParser
import EduCore
import EduServer
import Foundation
import NIOSSL
import Quality

/// `eduvn population-sim`: a stand-in for the national population register (its interface is not public).
struct PopulationSimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "population-sim", abstract: "Play the population register (for tests and training).",
                                                    subcommands: [Generate.self, ServeSimulator.self])

    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the simulator's dataset from this database's students and staff, with realistic differences. "
                + "The file holds personal IDs in clear: use it on demo or training databases only.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Where to write the dataset (JSON)") var out: String
        @Option(help: "Seed: the same seed gives the same differences") var seed: UInt64 = 1

        func run() async throws {
            try await runReporting {
                try await CommandSession.with(database) { session in
                    let people = try await ReconciliationStore(session.database.sql).registerPeople(cipher: session.cipher)
                    let dataset = RegisterDataset.derived(from: people, seed: seed)
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.sortedKeys]  // the same seed gives the same file, byte for byte
                    try write(try encoder.encode(dataset), to: out)
                    print("\(dataset.persons.count) người/persons → \(out)")
                }
            }
        }
    }

    struct ServeSimulator: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "serve", abstract: "Serve POST /v1/persons/verify over a dataset.")
        @Option(help: "The dataset (from population-sim generate)") var dataset: String
        @Option(help: "Address to listen on") var host = "127.0.0.1"
        @Option(help: "Port") var port = 8090
        @Option(help: "Seconds each answer takes") var latency = 0.0
        @Option(help: "Requests per second before 429 (0: no limit)") var rate = 20.0
        @Option(help: "Every Nth request answers HTTP 500 (0: never)") var errorEvery = 0
        @Option(help: "Every Nth request answers 429 (0: never)") var limitEvery = 0
        @Option(help: "Every Nth request answers garbage (0: never)") var garbageEvery = 0
        @Option(help: "Every Nth request hangs 15 s (0: never)") var hangEvery = 0
        @Option(help: "Every Nth request drops the connection halfway through the answer (0: never)") var dropEvery = 0
        @Option(help: "HTTPS: the server's certificate (PEM); with --tls-key and --client-ca, clients must show a certificate") var tlsCert: String?
        @Option(help: "HTTPS: the server's private key (PEM)") var tlsKey: String?
        @Option(help: "HTTPS: the CA (PEM) client certificates must chain to") var clientCA: String?

        func run() async throws {
            try await runReporting {
                let data = try RegisterDataset.decoded(from: Data(contentsOf: URL(fileURLWithPath: dataset)))
                var behaviour = PopulationSimulator.Behaviour()
                (behaviour.latency, behaviour.ratePerSecond, behaviour.errorEvery, behaviour.limitEvery, behaviour.garbageEvery, behaviour.hangEvery)
                    = (latency, rate, errorEvery, limitEvery, garbageEvery, hangEvery)
                behaviour.dropEvery = dropEvery
                let tls: TLSConfiguration?
                switch (tlsCert, tlsKey, clientCA) {
                case (nil, nil, nil): tls = nil
                case let (cert?, key?, ca?): tls = try PopulationSimulator.serverTLS(certificate: cert, key: key, clientCA: ca)
                default:
                    throw EduError("simulator.tls", vi: "--tls-cert, --tls-key và --client-ca đi cùng nhau",
                                   en: "--tls-cert, --tls-key and --client-ca go together")
                }
                print("population register simulator: \(data.persons.count) persons on \(tls == nil ? "http" : "https")://\(host):\(port)/v1/persons/verify")
                try await PopulationSimulator(dataset: data, behaviour: behaviour).serve(host: host, port: port, tls: tls)
            }
        }
    }
}

extension QualityCommand {
    struct Reconcile: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check every student against the population register (resumes an unfinished run).")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "The register's base URL (e.g. http://127.0.0.1:8090 for population-sim)") var registerURL: String
        @Option(help: "People per request") var batch = 100
        @Option(help: "Only people never checked, not checked for this many days, or changed since their check (the nightly run)")
        var staleAfter: Int?
        @Option(help: "Mutual TLS: the platform's certificate and key (PKCS#12); its password in EDUVN_REGISTER_CLIENT_P12_PASSWORD")
        var clientP12: String?
        @Option(help: "The roots (PEM) the register's server certificate must chain to (default: the system's)") var registerCA: String?

        func run() async throws {
            try await runReporting {
                if let staleAfter, staleAfter < 0 {
                    throw EduError("reconcile.stale_after", vi: "--stale-after là số ngày, từ 0", en: "--stale-after is a number of days, from 0")
                }
                try await CommandSession.with(database) { session in
                    try NightlyReconciliation.checkTLS(url: registerURL, identity: clientP12, roots: registerCA)
                    let password = ProcessInfo.processInfo.environment["EDUVN_REGISTER_CLIENT_P12_PASSWORD"] ?? ""
                    let tls = try clientP12.map { try RegisterTLS(pkcs12: $0, passphrase: password, trustRoots: registerCA) }
                    let job = ReconciliationJob(database: session.database, cipher: session.cipher,
                                                register: HTTPPopulationRegister(baseURL: registerURL, tls: tls), batchSize: batch, staleAfter: staleAfter)
                    let summary = try await job.run()
                    let tally = try await ReconciliationStore(session.database.sql).tally()
                    print("run \(summary.runID): \(summary.checked) checked; students: verified \(tally.verified), mismatch \(tally.mismatch), "
                          + "not found \(tally.notFound), no ID \(tally.noNationalID), " + String(format: "%.2f %% verified", tally.percent)
                          + "; staff: " + String(format: "%.2f %% verified", tally.staffPercent) + " (target 98.5 %)")
                }
            }
        }
    }
}
