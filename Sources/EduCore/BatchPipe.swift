import Foundation

/// Hands batches from a synchronous producer thread (the file reader) to an async consumer
/// (the database writer), one batch ahead at most, so memory stays flat whatever the file size.
public final class BatchPipe<Item: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var slot: Item?
    private var waiter: CheckedContinuation<Item?, any Error>?
    private var finished = false
    private var failure: (any Error)?
    private var cancelled = false

    /// Producer side: blocks while the consumer has not taken the previous batch.
    func put(_ item: Item) throws {
        condition.lock()
        while slot != nil && !cancelled { condition.wait() }
        if cancelled { condition.unlock(); throw CancellationError() }
        if let waiter {
            self.waiter = nil
            condition.unlock()
            waiter.resume(returning: item)
        } else {
            slot = item
            condition.unlock()
        }
    }

    func finish(throwing error: (any Error)? = nil) {
        condition.lock()
        finished = true
        failure = error
        let waiter = self.waiter
        self.waiter = nil
        condition.unlock()
        if let error { waiter?.resume(throwing: error) } else { waiter?.resume(returning: nil) }
    }

    /// Consumer side: the next batch, or nil at the end.
    func take() async throws -> Item? {
        try await withCheckedThrowingContinuation { continuation in
            condition.lock()
            if let item = slot {
                slot = nil
                condition.broadcast()
                condition.unlock()
                continuation.resume(returning: item)
            } else if finished {
                let failure = self.failure
                condition.unlock()
                if let failure { continuation.resume(throwing: failure) } else { continuation.resume(returning: nil) }
            } else {
                waiter = continuation
                condition.unlock()
            }
        }
    }

    /// Consumer gave up: the producer's next `put` throws and it stops reading.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}

extension BatchPipe {
    /// Runs `produce` on a thread of its own, handing what it emits to the consumer in batches:
    /// reading a file and using its rows then proceed side by side on two cores.
    public static func stream<Element: Sendable>(batchSize: Int, _ produce: @escaping @Sendable (_ emit: (Element) throws -> Void) throws -> Void)
        -> BatchPipe<[Element]> where Item == [Element] {
        let pipe = BatchPipe()
        let thread = Thread {
            do {
                var batch: [Element] = []
                batch.reserveCapacity(batchSize)
                try produce { element in
                    batch.append(element)
                    if batch.count == batchSize {
                        try pipe.put(batch)
                        batch.removeAll(keepingCapacity: true)
                    }
                }
                if !batch.isEmpty { try pipe.put(batch) }
                pipe.finish()
            } catch {
                pipe.finish(throwing: error)
            }
        }
        thread.stackSize = 1 << 22
        thread.start()
        return pipe
    }

    /// Takes every batch to the end; when `body` throws, the producer stops too.
    public func drain(_ body: (Item) async throws -> Void) async throws {
        defer { cancel() }
        while let item = try await take() { try await body(item) }
    }
}

/// Runs blocking work on its own thread, so it never holds up Swift's cooperative pool.
public func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try work() }) }
        thread.stackSize = 1 << 22
        thread.start()
    }
}
