import Dispatch
import JailtopActions
import JailtopCollect
import JailtopControl
import JailtopModel
import JailtopUI
import Synchronization

/// Takes samples off the UI thread: collects, posts the result to an inbox the UI loop
/// drains, then waits for the refresh interval (or an early wake-up). The UI never blocks on
/// a slow tool; the collector never touches curses.
public final class CollectionDriver: Sendable {
    private struct Control {
        var interval: Duration
        var paused = false
        var priority: CollectionPriority?
    }

    /// This host's (or a recording's) collector; nil in the fleet dashboard.
    private let collector: (any Collector)?
    /// The fleet dashboard's remote hosts, each sampling at its own pace.
    private let streams: [RemoteHostStream]
    /// When remote hosts' samples were last handed over.
    private let lastFleetBatch = Mutex(ContinuousClock.now - .seconds(10))
    private let inbox = Mutex<[AppEvent]>([])
    private let control: Mutex<Control>
    private let wakeup: Wakeup
    /// Actions running now (a start or stop can take a while), so quitting can end them.
    private let actions = Mutex<[UUID: Task<Void, Never>]>([:])

    /// - Parameter clock: what the refresh interval is measured on; tests pass a manual one.
    public init(collector: any Collector, interval: Duration, clock: any DriverClock = RealDriverClock()) {
        self.collector = collector
        self.streams = []
        control = Mutex(Control(interval: interval))
        wakeup = Wakeup(clock: clock)
    }

    /// The fleet dashboard's driver: every remote host's stream posts its samples and its
    /// health as they come (each at the far side's `-d`); actions run as with a collector.
    public init(streams: [RemoteHostStream], clock: any DriverClock = RealDriverClock()) {
        self.collector = nil
        self.streams = streams
        control = Mutex(Control(interval: .seconds(3600)))
        wakeup = Wakeup(clock: clock)
    }

    /// Starts collecting in a task; cancel the task to stop.
    public func start() -> Task<Void, Never> {
        guard let collector else { return startStreams() }
        return Task { [self] in
            while !Task.isCancelled {
                let (paused, interval, priority) = control.withLock { c in
                    defer { c.priority = nil }
                    return (c.paused, c.interval, c.priority)
                }
                if let priority { await collector.prioritize(priority) }
                if !paused {
                    do {
                        let snapshot = try await collector.collect()
                        post(.snapshot(snapshot))
                    } catch {
                        post(.collectFailed("\(error)"))
                    }
                }
                await wakeup.wait(timeout: paused ? .seconds(3600) : interval)
            }
        }
    }

    /// One task per remote host forwards its events; cancelling the returned task stops every
    /// stream (their ssh see stdin closed).
    private func startStreams() -> Task<Void, Never> {
        let streams = self.streams
        return Task { [self] in
            await withTaskCancellationHandler {
                await withTaskGroup(of: Void.self) { group in
                    for stream in streams {
                        // As the far side starts (--no-processes), until the dashboard says
                        // which jail it lists.
                        stream.request(StreamRequest(processesOf: []))
                        group.addTask { [self] in
                            stream.start()
                            for await event in stream.events {
                                switch event {
                                case .sample(let sample): post(.hostSample(host: stream.host.destination, sample))
                                // "ok" comes with the sample (batched): the header never says a host is
                                // fine before its rows are there.
                                case .health(.ok): break
                                case .health(let health): post(.hostHealth(host: stream.host.destination, health))
                                }
                            }
                        }
                    }
                }
            } onCancel: {
                streams.forEach { $0.stop() }
            }
        }
    }

    /// Remote hosts' samples are handed over at most this often (each batch rebuilds the
    /// table of every host's jails once): fifty hosts at -d 2 send 25 samples a second, and a
    /// sample a second late is still well within its interval.
    public static let fleetBatchInterval: Duration = .seconds(1)

    /// Events that arrived since the last call, oldest first; remote hosts' samples that came
    /// together as one event (one rebuild of the rows for all).
    public func drain() -> [AppEvent] {
        let now = ContinuousClock.now
        let events = inbox.withLock { events in
            // Remote hosts' news is held back until the batch is due; every other event goes at once.
            let due = lastFleetBatch.withLock { last in
                guard now - last >= Self.fleetBatchInterval else { return false }
                return true
            }
            var taken: [AppEvent] = []
            var kept: [AppEvent] = []
            for event in events {
                // A host's health goes with its samples, in order: a sample taken before its
                // link dropped must not come after the news of it.
                switch event {
                case .hostSample, .hostHealth: if due { taken.append(event) } else { kept.append(event) }
                default: taken.append(event)
                }
            }
            events = kept
            return taken
        }
        if events.contains(where: { if case .hostSample = $0 { true } else if case .hostHealth = $0 { true } else { false } }) {
            lastFleetBatch.withLock { $0 = now }
        }
        // Each run of samples one event; everything else, a host's health too, stays in order.
        var merged: [AppEvent] = []
        var run: [HostSample] = []
        func flush() {
            if run.count == 1 { merged.append(.hostSample(host: run[0].host, run[0].snapshot)) }
            if run.count > 1 { merged.append(.hostSamples(run)) }
            run = []
        }
        for event in events {
            if case .hostSample(let host, let snapshot) = event {
                run.append(HostSample(host: host, snapshot: snapshot))
            } else {
                flush()
                merged.append(event)
            }
        }
        flush()
        return merged
    }

    public func collectNow() { wakeup.signal() }

    /// Reads one process's threads, open files and rules off the UI thread, and posts them
    /// (`.processInspected`). The fleet's remote processes are read on their hosts only.
    public func inspect(pid: Int) {
        guard let collector else {
            post(.processInspected(ProcessInspection(
                pid: pid, unavailable: "a remote host's process: its threads, files and limits are read there (jailtop on that host)")))
            return
        }
        Task { [self] in post(.processInspected(await collector.inspect(pid: pid))) }
    }

    /// Runs an action off the UI thread and posts its outcome to the inbox; a fresh sample
    /// follows so the screen shows the result.
    public func run(_ action: @escaping @Sendable () async -> ActionOutcome) {
        let id = UUID()
        let task = Task { [self] in
            let outcome = await action()
            post(.actionFinished(outcome))
            actions.withLock { $0[id] = nil }
            wakeup.signal()
        }
        actions.withLock { $0[id] = task }
    }

    /// Whether an action is still running.
    public var actionsRunning: Bool { actions.withLock { !$0.isEmpty } }

    /// At quit: cancels every running action (its tool's process group is torn down, and the
    /// controller logs it as killed at quit) and waits for them to finish, at most `limit`.
    /// - Returns: false when one was still running when the limit passed.
    public func cancelActions(waitingAtMost limit: Duration) -> Bool {
        let running = actions.withLock { Array($0.values) }
        guard !running.isEmpty else { return true }
        for task in running { task.cancel() }
        let done = DispatchSemaphore(value: 0)
        Task {
            for task in running { await task.value }
            done.signal()
        }
        let nanoseconds = limit.components.seconds * 1_000_000_000 + limit.components.attoseconds / 1_000_000_000
        return done.wait(timeout: .now() + .nanoseconds(Int(nanoseconds))) == .success
    }

    public func setInterval(_ seconds: Double) {
        control.withLock { $0.interval = .milliseconds(Int(seconds * 1000)) }
        wakeup.signal()
    }

    public func setPaused(_ paused: Bool) {
        control.withLock { $0.paused = paused }
    }

    public func prioritize(_ priority: CollectionPriority) {
        control.withLock { $0.priority = priority }
        // The fleet: the listed jail's host sends its processes, every other host none.
        for stream in streams {
            stream.request(StreamRequest(processesOf: stream.host.destination == priority.listedHost ? priority.listedJailNames : []))
        }
    }

    private func post(_ event: AppEvent) {
        // Keep only the newest sample if the UI fell behind: old ones are of no use.
        inbox.withLock { events in
            if case .snapshot = event { events.removeAll { if case .snapshot = $0 { true } else { false } } }
            if case .hostSample(let host, _) = event {
                events.removeAll { if case .hostSample(host, _) = $0 { true } else { false } }
            }
            events.append(event)
        }
    }
}

/// A one-shot alarm: `wait(timeout:)` returns after the timeout or at the next `signal()`,
/// whichever comes first. Generations make a late timer from an earlier wait harmless.
final class Wakeup: Sendable {
    private let clock: any DriverClock

    init(clock: any DriverClock = RealDriverClock()) {
        self.clock = clock
    }

    private struct State {
        var generation = 0
        var pending = false
        var continuation: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    func signal() {
        resume(generation: nil)
    }

    func wait(timeout: Duration) async {
        let generation = state.withLock { s -> Int in
            s.generation += 1
            return s.generation
        }
        let timer = Task { [self] in
            try? await clock.sleep(for: timeout)
            if !Task.isCancelled { resume(generation: generation) }
        }
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let now = state.withLock { s -> Bool in
                if s.pending {
                    s.pending = false
                    return true
                }
                s.continuation = c
                return false
            }
            if now { c.resume() }
        }
        timer.cancel()
    }

    /// Wakes the current waiter; a timer only wakes the wait it was started for.
    private func resume(generation: Int?) {
        let c = state.withLock { s -> CheckedContinuation<Void, Never>? in
            if let generation, generation != s.generation { return nil }
            if let c = s.continuation {
                s.continuation = nil
                return c
            }
            if generation == nil { s.pending = true }
            return nil
        }
        c?.resume()
    }
}
