/// Reports the fraction of a file consumed, at most once per whole percent, so a caller
/// updating a screen or a job record is called about 100 times whatever the file size.
final class ProgressMeter {
    private let report: (Double) -> Void
    private let total: Double
    private var lastPercent = -1

    /// nil when nobody listens, so callers can skip measuring with `meter?.update(...)`.
    init?(_ report: ((Double) -> Void)?, total: Int64) {
        guard let report else { return nil }
        self.report = report
        self.total = Double(max(total, 1))
    }

    func update(consumed: Int64) {
        let fraction = min(Double(consumed) / total, 1)
        let percent = Int(fraction * 100)
        guard percent > lastPercent else { return }
        lastPercent = percent
        report(fraction)
    }

    func finish() {
        update(consumed: Int64(total))
    }
}
