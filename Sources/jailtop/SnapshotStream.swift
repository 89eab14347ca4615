import Dispatch
import JailtopCollect
import JailtopModel
import Synchronization

/// `jailtop snapshot --stream --json`: what a fleet dashboard reads over ssh. A `StreamHeader`
/// line, then one schema-1 snapshot per line every `delay` seconds, until stdin reaches its end
/// (the reader hung up: sshd closes the channel) or a signal ends jailtop. Samples are paced
/// by deadlines, so a slow collection does not stretch the interval. The reader may ask, one
/// `StreamRequest` line at a time on stdin, for only some jails' processes; each jail's CPU %
/// is then measured here between samples, where every process is known.
enum SnapshotStream {
    /// - Parameter request: what is sent until stdin asks otherwise.
    static func run(_ collector: any Collector, delay: Double, version: String, request first: StreamRequest) async throws {
        let request = Mutex(first)
        let work = Task {
            var check = SourceCheck(required: [])
            let interval = SecondsOption.duration(delay)
            var next = ContinuousClock.now
            var previous: Snapshot?
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
                try Output.jsonLine(request.withLock { $0 }.scoped(sample, previous: previous))
                previous = sample
                n += 1
                next += interval
                let now = ContinuousClock.now
                if next < now { next = now }
                try await Task.sleep(until: next, clock: .continuous)
            }
        }
        watchStandardInput(request: { line in
            guard let asked = try? StreamRequest(jsonLine: line) else { return }
            request.withLock { $0 = asked }
        }, closed: { work.cancel() })
        do {
            try await work.value
        } catch is CancellationError {
            // The reader hung up, or a signal asked jailtop to stop: a normal end.
        }
    }

    /// Reads stdin's lines on a thread of its own, handing each to `request`, and calls
    /// `closed` once stdin reaches its end or fails.
    static func watchStandardInput(request: @escaping @Sendable (UnsafeRawBufferPointer) -> Void, closed: @escaping @Sendable () -> Void) {
        DispatchQueue.global().async {
            var buffer = [UInt8](repeating: 0, count: 4096)
            var pending: [UInt8] = []
            while true {
                let n = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { break }
                pending.append(contentsOf: buffer[0..<n])
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    pending[..<newline].withUnsafeBytes { request($0) }
                    pending.removeSubrange(...newline)
                }
                // A request is a line of names: one that long is not one.
                if pending.count > 1 << 20 { pending.removeAll() }
            }
            closed()
        }
    }
}
