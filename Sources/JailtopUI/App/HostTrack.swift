import JailtopModel

/// One host's samples as the dashboard keeps them: the latest, the rates measured to it, the
/// sample the next rates start from, the per-sample lookups and each jail's CPU history. This
/// host has one; the fleet dashboard has one per remote host (`FleetState`).
public struct HostTrack: Sendable {
    public var snapshot: Snapshot?
    public var delta: SnapshotDelta?
    /// The sample `delta` ends at: the next rates are measured from it. A sample that comes
    /// sooner than `SnapshotDelta.minimumInterval(previous:current:)` after it (the quick one
    /// after an action) leaves `delta`, this and the history as they are.
    public var rateBase: Snapshot?
    /// `rateBase`'s processes as `ProcessTimes`, kept with it so the next rates never walk
    /// its process list again.
    public var rateBaseTimes: ProcessTimes?
    /// Derived per-sample data (per-jail process lists, totals) kept with the sample.
    public var derived: DerivedData = .empty
    /// CPU % history per JID for the sparklines, newest last (a restarted jail starts afresh).
    public var cpuHistory: [Int: [Double]] = [:]

    public init() {}

    /// Takes a new sample: rates from `rateBase` to it, unless it came too soon after it (then
    /// the previous rates and history stay: over ≈0.2 s ps reads busy jails as idle and racct's
    /// whole-second cputime reads 0 % or several times the truth).
    public mutating func apply(_ snapshot: Snapshot) {
        var measured = true
        // Grouped by JID once: the rates and the process lists share it.
        let derived = DerivedData(snapshot: snapshot)
        if let base = rateBase, snapshot.time > base.time {
            if snapshot.time - base.time >= SnapshotDelta.minimumInterval(previous: base, current: snapshot) {
                let baseTimes = rateBaseTimes ?? ProcessTimes(base.processes)
                delta = SnapshotDelta(
                    previous: base, current: snapshot, index: derived.processesByJID,
                    times: (previous: baseTimes, current: derived.processTimes))
                rateBase = snapshot
                rateBaseTimes = derived.processTimes
            } else {
                measured = false
            }
        } else {
            delta = nil
            rateBase = snapshot
            rateBaseTimes = derived.processTimes
        }
        self.snapshot = snapshot
        self.derived = derived
        if measured { appendHistory(snapshot) }
    }

    /// Adds the sample's CPU % to each running jail's history; jails gone from the sample lose
    /// theirs. Each history is moved out of the old table before it grows, so it is appended to
    /// in place (a lookup that left it shared copied all 1000 histories every sample).
    mutating func appendHistory(_ snapshot: Snapshot) {
        var old = cpuHistory
        cpuHistory = [:]
        var history: [Int: [Double]] = [:]
        history.reserveCapacity(old.count)
        for i in snapshot.jails.indices where snapshot.jails[i].state == .running {
            guard let jid = snapshot.jails[i].jid else { continue }
            var h = old.removeValue(forKey: jid) ?? []
            if h.count >= AppState.historyLength { h.removeFirst(h.count - AppState.historyLength + 1) }
            h.append(JailFigures.cpuPercent(of: snapshot.jails[i], delta: delta))
            history[jid] = h
        }
        cpuHistory = history
    }
}
