import JailtopCollect
import JailtopModel
import Synchronization

/// Samples the host on a timer through any `Collector`, renders each sample once, and keeps the
/// latest page and the exporter's counters in memory. Scrapes only read that page, so a burst of
/// scrapes never runs a tool, and a slow tool never slows a scrape.
public actor ExportService {
    /// What one collection produced, for the caller's logging and the textfile writer.
    public struct Outcome: Sendable {
        public var page: MetricsPage
        /// Why no sample could be taken, when the collector threw.
        public var failure: String?
        /// Sources that failed inside an otherwise good sample.
        public var issues: [SourceIssue]
    }

    public nonisolated let interval: Duration
    private let collector: any Collector
    private let renderer: MetricsRenderer
    private let wallClock: @Sendable () -> Double
    private var health: ExporterHealth
    private var generation = 0
    /// Read by the server's event loop on every scrape: a lock, not an actor hop.
    private nonisolated let latest = Mutex<MetricsPage?>(nil)

    /// - Parameters:
    ///   - interval: time between samples (the `--interval` option; 15 s by default).
    ///   - wallClock: seconds since the epoch, for `jailtop_last_collection_timestamp_seconds`.
    public init(
        collector: any Collector, interval: Duration = .seconds(15), renderer: MetricsRenderer = MetricsRenderer(),
        version: String = ExporterHealth.defaultVersion,
        wallClock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }
    ) {
        self.collector = collector
        self.interval = interval
        self.renderer = renderer
        self.wallClock = wallClock
        self.health = ExporterHealth(version: version)
    }

    /// The page of the latest sample, or nil before the first one (the server then answers
    /// that it is collecting). Safe from any thread.
    public nonisolated var currentPage: MetricsPage? { latest.withLock { $0 } }

    /// The counters as they stand.
    public var currentHealth: ExporterHealth { health }

    /// Takes one sample now, renders it and makes it the current page.
    ///
    /// A sample without the jail list (jls failed as a whole) counts as a failed collection:
    /// `jailtop_last_collection_success` is 0 and the jails' series are left out.
    /// - Returns: nil when the task was cancelled meanwhile (the exporter is shutting down):
    ///   what the collector returned then is whatever its interrupted tools left, so nothing is
    ///   published or counted, and the last good page stays current.
    @discardableResult
    public func collectOnce() async -> Outcome? {
        let clock = ContinuousClock()
        let start = clock.now
        var snapshot: Snapshot?
        var failure: String?
        do {
            snapshot = try await collector.collect()
        } catch {
            failure = "\(error)"
        }
        if Task.isCancelled { return nil }
        let elapsed = start.duration(to: clock.now)
        let succeeded = snapshot.map { !MetricsRenderer.jailListFailed($0) } ?? false
        health.collections += 1
        health.lastCollectionDurationSeconds =
            Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        health.lastCollectionTimestamp = wallClock()
        health.lastCollectionSucceeded = succeeded
        if !succeeded { health.collectionFailures += 1 }
        for issue in snapshot?.errors ?? [] { health.sourceErrors[issue.source, default: 0] += 1 }
        // A failed collection publishes only the exporter's own metrics: serving the last
        // sample again would pass stale numbers off as fresh ones.
        generation += 1
        let page = MetricsPage(body: renderer.renderBytes(snapshot, health: health), generation: generation)
        latest.withLock { $0 = page }
        return Outcome(page: page, failure: failure, issues: snapshot?.errors ?? [])
    }

    /// Samples every `interval` until the surrounding task is cancelled. A collection slower
    /// than the interval delays the next one instead of queueing a burst; one cancelled midway
    /// is dropped (see `collectOnce`), and `onSample` is not called for it.
    /// - Parameters:
    ///   - firstSampleTaken: true when the caller already took the first sample (to fail at
    ///     once if its textfile cannot be written): the loop then waits one interval first.
    ///   - onSample: called after each sample (the textfile writer, error logging).
    public func run(firstSampleTaken: Bool = false, onSample: @Sendable (Outcome) async -> Void = { _ in }) async {
        let clock = ContinuousClock()
        var next = clock.now
        if firstSampleTaken {
            next = next.advanced(by: interval)
            do { try await Task.sleep(until: next, clock: clock) } catch { return }
        }
        while !Task.isCancelled {
            guard let outcome = await collectOnce() else { return }
            await onSample(outcome)
            next = next.advanced(by: interval)
            if next < clock.now { next = clock.now.advanced(by: interval) }
            do {
                try await Task.sleep(until: next, clock: clock)
            } catch {
                return
            }
        }
    }
}
