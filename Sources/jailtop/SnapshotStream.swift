import Dispatch
import JailtopCollect
import JailtopModel

/// `jailtop snapshot --stream --json`: what a fleet dashboard reads over ssh. A `StreamHeader`
/// line, then one schema-1 snapshot per line every `delay` seconds, until stdin reaches its end
/// (the reader hung up: sshd closes the channel) or a signal ends jailtop. Samples are paced
/// by deadlines, so a slow collection does not stretch the interval.
enum SnapshotStream {
    static func run(_ collector: any Collector, delay: Double, version: String) async throws {
        let work = Task {
            var check = SourceCheck(required: [])
            let interval = SecondsOption.duration(delay)
            var next = ContinuousClock.now
            var n = 0
            while !Task.isCancelled {
                let sample = try await collector.collect()
                // Cut short by the end of the stream: a sample of cancelled tools is no sample.
                if Task.isCancelled { break }
                // The dashboard shows a failing source in its header; the far side's stderr
                // says it too, for whoever runs the stream by hand.
                try? check.check(sample)
                if n == 0 {
                    try Output.jsonLine(StreamHeader(version: version, host: sample.host.hostname ?? "", intervalS: delay))
                }
                try Output.jsonLine(sample)
                n += 1
                next += interval
                let now = ContinuousClock.now
                if next < now { next = now }
                try await Task.sleep(until: next, clock: .continuous)
            }
        }
        watchStandardInput { work.cancel() }
        do {
            try await work.value
        } catch is CancellationError {
            // The reader hung up, or a signal asked jailtop to stop: a normal end.
        }
    }

    /// Calls `closed` once stdin reaches its end or fails (what the reader sends is ignored:
    /// the stream has no requests yet). A blocking read on a thread of its own.
    static func watchStandardInput(closed: @escaping @Sendable () -> Void) {
        DispatchQueue.global().async {
            var buffer = [UInt8](repeating: 0, count: 512)
            while true {
                let n = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
                if n > 0 { continue }
                if n < 0, errno == EINTR { continue }
                closed()
                return
            }
        }
    }
}
