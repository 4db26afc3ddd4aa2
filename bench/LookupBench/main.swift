import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// An open-loop load generator for `POST /api/v1/credentials/lookup`: requests are sent at a fixed rate whatever the
/// server's answers, and each one's latency runs from when it was due, not from when it went out (so a slow server
/// cannot hide its queue by slowing the generator).
///
/// usage: lookupbench BASE_URL LOOKUPS.jsonl RATE SECONDS [KEY]
@main
struct LookupBench {
    static func main() async throws {
        let arguments = CommandLine.arguments
        guard arguments.count >= 5, let rate = Int(arguments[3]), let seconds = Int(arguments[4]), rate > 0, seconds > 0 else {
            FileHandle.standardError.write(Data("usage: lookupbench BASE_URL LOOKUPS.jsonl RATE SECONDS [KEY]\n".utf8))
            exit(2)
        }
        let url = arguments[1] + "/api/v1/credentials/lookup"
        let bodies = try String(contentsOfFile: arguments[2], encoding: .utf8).split(separator: "\n").map(String.init)
        var headers = HTTPHeaders([("Content-Type", "application/json")])
        if arguments.count > 5 { headers.add(name: "Authorization", value: "Bearer \(arguments[5])") }

        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 256)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let total = rate * seconds
        let interval = 1_000_000_000 / UInt64(rate)
        let start = DispatchTime.now().uptimeNanoseconds + 100_000_000
        let results = try await withThrowingTaskGroup(of: (latency: UInt64, status: UInt).self) { group in
            for index in 0..<total {
                let due = start + UInt64(index) * interval
                let now = DispatchTime.now().uptimeNanoseconds
                if due > now { try await Task.sleep(nanoseconds: due - now) }
                var request = HTTPClientRequest(url: url)
                request.method = .POST
                request.headers = headers
                request.body = .bytes(ByteBuffer(string: bodies[index % bodies.count]))
                group.addTask {
                    let status: UInt
                    do {
                        let response = try await client.execute(request, timeout: .seconds(30))
                        _ = try await response.body.collect(upTo: 1 << 20)
                        status = response.status.code
                    } catch {
                        status = 0
                    }
                    return (DispatchTime.now().uptimeNanoseconds - due, status)
                }
            }
            var all: [(latency: UInt64, status: UInt)] = []
            for try await result in group { all.append(result) }
            return all
        }
        let end = DispatchTime.now().uptimeNanoseconds
        try await client.shutdown()

        // Failed requests (no answer) are counted apart: their latencies would flatter the rest.
        let latencies = results.filter { $0.status != 0 }.map(\.latency).sorted()
        guard !latencies.isEmpty else {
            print("no request was answered")
            exit(1)
        }
        func percentile(_ p: Double) -> String {
            String(format: "%.2f", Double(latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))]) / 1_000_000)
        }
        let statuses = Dictionary(grouping: results, by: \.status).mapValues(\.count).sorted { $0.key < $1.key }
            .map { "\($0.key == 0 ? "failed" : String($0.key)): \($0.value)" }.joined(separator: ", ")
        print("\(total) requests at \(rate)/s over \(seconds) s: answered at \(String(format: "%.0f", Double(total) / (Double(end - start) / 1e9)))/s; \(statuses)")
        print("latency ms p50 \(percentile(0.50)) p95 \(percentile(0.95)) p99 \(percentile(0.99)) max \(percentile(1))")
    }
}
