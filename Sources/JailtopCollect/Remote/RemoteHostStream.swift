import Dispatch
import JailtopModel
import Synchronization

/// One remote host, live: ssh running `jailtop snapshot --stream --json` there, its samples
/// as they arrive, and the health of the link. Runs on a thread of its own (a blocking read
/// loop), reconnecting with backoff after a failure when `reconnects` is set; the latest sample
/// stays, so a host that went away keeps its last rows.
public final class RemoteHostStream: Sendable {
    /// What a consumer hears: a new sample (its `remote` set to the host), or a new health.
    public enum Event: Sendable {
        case sample(Snapshot)
        case health(RemoteHealth)
    }

    public let host: RemoteHost
    public let interval: Double
    /// The events, in order; finished once the stream is stopped or, without reconnects, ends.
    public let events: AsyncStream<Event>

    private let argv: [String]
    private let environment: [String]
    private let remoteJailtop: String
    private let reconnects: Bool
    private let continuation: AsyncStream<Event>.Continuation
    private let state = Mutex(State())
    /// Wakes the backoff sleep when the stream is stopped.
    private let stopSignal = DispatchSemaphore(value: 0)

    /// How long a connection may go without its header before it counts as hung.
    public var headerTimeout: Duration { .seconds(30) }

    private struct State {
        var health: RemoteHealth = .connecting
        var latest: Snapshot?
        var process: StreamProcess?
        var stopped = false
        var started = false
        /// What the reader last asked of the far side, sent again on every new connection.
        var request: StreamRequest?
    }

    /// - Parameters:
    ///   - environment: the whole environment ssh runs with (`NAME=value`).
    ///   - reconnects: keep trying after a failure (the dashboard), or end (batch commands).
    ///   - processes: whether the far side starts by sending every process (batch commands) or
    ///     none until `request` names jails (the dashboard, which lists one jail's).
    public init(host: RemoteHost, ssh: SSHCommand, interval: Double, environment: [String], reconnects: Bool, processes: Bool = true) {
        self.host = host
        self.interval = interval
        self.argv = ssh.stream(host, interval: interval, processes: processes)
        self.environment = environment
        self.remoteJailtop = ssh.remoteJailtop
        self.reconnects = reconnects
        (events, continuation) = AsyncStream.makeStream(of: Event.self, bufferingPolicy: .bufferingNewest(64))
    }

    public var health: RemoteHealth { state.withLock { $0.health } }
    public var latest: Snapshot? { state.withLock { $0.latest } }

    /// Starts the connection loop (once).
    public func start() {
        let first = state.withLock { s in
            defer { s.started = true }
            return !s.started
        }
        guard first else { return }
        DispatchQueue(label: "jailtop.remote.\(host.destination)").async { self.loop() }
    }

    /// Ends the stream: the running ssh is told to stop (stdin closed, then signals), no
    /// reconnect follows, and `events` finishes.
    public func stop() {
        let process = state.withLock { s in
            s.stopped = true
            return s.process
        }
        process?.stop()
        stopSignal.signal()
    }

    /// Asks the far side for only some jails' processes (or every one's, with nil names): sent
    /// now when connected, and again after each reconnect.
    public func request(_ request: StreamRequest) {
        let process = state.withLock { s -> StreamProcess? in
            guard s.request != request else { return nil }
            s.request = request
            return s.process
        }
        if let process { Self.send(request, to: process) }
    }

    static func send(_ request: StreamRequest, to process: StreamProcess) {
        guard let line = try? RecordingEncoding.bytes(request) else { return }
        process.send(line)
    }

    private var isStopped: Bool { state.withLock { $0.stopped } }

    private func loop() {
        var failures = 0
        while !isStopped {
            let delivered = connectOnce()
            if isStopped || !reconnects { break }
            failures = delivered ? 1 : failures + 1
            // 1, 2, 4, … seconds, at most a minute; from 1 again after a link that worked.
            let backoff = min(60, 1 << min(failures - 1, 6))
            _ = stopSignal.wait(timeout: .now() + .seconds(backoff))
        }
        continuation.finish()
    }

    /// One connection, start to end; whether it delivered a sample.
    private func connectOnce() -> Bool {
        let process: StreamProcess
        switch StreamProcess.start(argv, environment: environment) {
        case .success(let started): process = started
        case .failure(let error):
            set(.unreachable(error.description))
            return false
        }
        let (proceed, request) = state.withLock { s in
            s.process = process
            return (!s.stopped, s.request)
        }
        if !proceed { process.stop() }
        // Read by the far side once its stream runs; written now, it waits in the pipe.
        if let request { Self.send(request, to: process) }
        let progress = Mutex((header: false, samples: 0))
        // A host that accepts the connection and then says nothing must not hold the screen.
        let timeout = headerTimeout
        DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(Int(timeout.components.seconds))) {
            if !progress.withLock({ $0.header }) { process.stop() }
        }
        var refusal: RemoteHealth?
        let end = process.run { line in
            if !progress.withLock({ $0.header }) {
                if let why = Self.headerProblem(line, host: host) {
                    refusal = why
                    return false
                }
                progress.withLock { $0.header = true }
                return true
            }
            // A line that does not read costs that sample, never the stream.
            guard var sample = try? Snapshot(jsonLine: line) else { return true }
            sample.remote = host.destination
            progress.withLock { $0.samples += 1 }
            publish(sample)
            return true
        }
        state.withLock { $0.process = nil }
        let (sawHeader, samples) = progress.withLock { ($0.header, $0.samples) }
        if end.cause == .stopped, isStopped { return samples > 0 }
        let health: RemoteHealth = if let refusal {
            refusal
        } else if end.cause == .stopped, !sawHeader {
            .unreachable("no answer in \(timeout.components.seconds) s")
        } else {
            RemoteFailure.health(after: end, host: host, sawHeader: sawHeader, remoteJailtop: remoteJailtop)
        }
        set(health)
        return samples > 0
    }

    /// Why the stream's first line is not a header of the protocol this jailtop reads; nil when it is.
    static func headerProblem(_ line: UnsafeRawBufferPointer, host: RemoteHost) -> RemoteHealth? {
        guard let header = try? StreamHeader(jsonLine: line) else {
            let shown = SanitizedText.clean(String(decoding: line.prefix(80), as: UTF8.self))
            return .tooOld("\(host) did not start a jailtop stream (its first line: \(shown))")
        }
        guard header.jailtopStream == StreamHeader.currentVersion else {
            return .tooOld(
                "\(host)'s jailtop \(SanitizedText.clean(header.version)) speaks stream protocol \(header.jailtopStream); "
                    + "this one reads \(StreamHeader.currentVersion): use the same jailtop on both sides")
        }
        return nil
    }

    private func publish(_ sample: Snapshot) {
        let changed = state.withLock { s in
            s.latest = sample
            defer { s.health = .ok }
            return s.health != .ok
        }
        if changed { continuation.yield(.health(.ok)) }
        continuation.yield(.sample(sample))
    }

    private func set(_ health: RemoteHealth) {
        let changed = state.withLock { s in
            defer { s.health = health }
            return s.health != health
        }
        if changed { continuation.yield(.health(health)) }
    }
}
