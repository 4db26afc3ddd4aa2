import Foundation

/// Progress fractions as reported, in order, from whichever thread reports them.
public final class ProgressReports: @unchecked Sendable {
    private let lock = NSLock()
    private var reported: [Double] = []

    public init() {}

    public var values: [Double] { lock.withLock { reported } }

    public func add(_ value: Double) { lock.withLock { reported.append(value) } }
}
