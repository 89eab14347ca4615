import Dispatch
import JailtopCollect
import JailtopModel
import Synchronization

/// `jailtop snapshot --stream --json`: what a fleet dashboard reads over ssh. A `StreamHeader`
/// line, then one schema-1 snapshot per line every `delay` seconds, until stdin reaches its end
/// (the reader hung up: sshd closes the channel) or a signal ends jailtop. Samples are paced
/// by deadlines, so a slow collection does not stretch the interval. The reader may ask, one
/// `StreamRequest` line at a time on stdin, for only some jails' processes; each jail's CPU %
/// is then measured here between samples, where every process is known. A request for
/// processes not being sent is answered by a sample at once (not sooner than `earliestAnswer`
/// after the last one), so a jail selected in the dashboard shows its processes without
/// waiting out the interval; the pace then starts again from that sample.
enum SnapshotStream {
    /// What the stdin reader and the sampling loop share: the request, and the sleep until
    /// the next sample, which a request for more processes cuts short.
    final class Control: Sendable {
        struct State {
            var request: StreamRequest
            /// A request asked for processes the last sample did not have.
            var answerNow = false
            var sleep: Task<Void, Never>?
        }
        let state: Mutex<State>

        init(_ request: StreamRequest) {
            state = Mutex(State(request: request))
        }

        /// The request a sample just taken is scoped by: it answers any before it.
        func takeRequest() -> StreamRequest {
            state.withLock { (s: inout State) -> StreamRequest in
                s.answerNow = false
                return s.request
            }
        }

        /// A request from stdin. Asleep: woken now. Collecting: the sample takes it in. Just
        /// after a sample: the next comes `earliestAnswer` after it.
        func receive(_ asked: StreamRequest) {
            let sleep = state.withLock { s -> Task<Void, Never>? in
                defer { s.request = asked }
                guard asked.widens(s.request) else { return nil }
                s.answerNow = true
                return s.sleep
            }
            sleep?.cancel()
        }

        /// Sleeps until `deadline`, or less when a request asks for processes the last sample
        /// did not have (not at all if one came since it); true when cut short by one.
        func sleep(until deadline: ContinuousClock.Instant) async throws -> Bool {
            let timer = Task<Void, Never> { try? await Task.sleep(until: deadline, clock: .continuous) }
            let asked = state.withLock { (s: inout State) -> Bool in
                s.sleep = s.answerNow ? nil : timer
                return s.answerNow
            }
            if asked { timer.cancel() }
            await withTaskCancellationHandler { await timer.value } onCancel: { timer.cancel() }
            try Task.checkCancellation()
            return state.withLock { (s: inout State) -> Bool in
                defer { s.answerNow = false; s.sleep = nil }
                return asked || s.answerNow
            }
        }
    }

    /// How soon after a sample a widening request is answered: a key held down in the
    /// dashboard costs the host at most a few collections a second.
    static let earliestAnswer: Duration = .milliseconds(500)

    /// - Parameter request: what is sent until stdin asks otherwise.
    static func run(_ collector: any Collector, delay: Double, version: String, request first: StreamRequest) async throws {
        let control = Control(first)
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
                let taken = ContinuousClock.now
                try Output.jsonLine(control.takeRequest().scoped(sample, previous: previous))
                previous = sample
                n += 1
                next += interval
                if next < taken { next = taken }
                try await Task.sleep(until: min(taken + earliestAnswer, next), clock: .continuous)
                if try await control.sleep(until: next) { next = ContinuousClock.now }
            }
        }
        watchStandardInput(request: { line in
            guard let asked = try? StreamRequest(jsonLine: line) else { return }
            control.receive(asked)
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
