import JailtopModel

/// Where samples come from: the live FreeBSD host, or a recording replayed in recorded time.
/// Each call returns a whole `Snapshot` stamped with its own time.
public protocol Collector: Sendable {
    /// Takes the next sample. Sources that fail inside it are reported in `Snapshot.errors`;
    /// an error is thrown only when no sample can be made at all.
    func collect() async throws -> Snapshot

    /// A short description for headers and logs ("demo recording", "live", a file name).
    var sourceDescription: String { get }

    /// Whether samples follow the wall clock (live) or recorded time (a replay): batch
    /// commands wait the refresh interval only for live sources.
    var isLive: Bool { get }

    /// Tells the collector what is on screen, so per-jail and per-process calls favour it.
    func prioritize(_ priority: CollectionPriority) async

    /// One process's threads, open files and applicable rules, read now (the process detail
    /// view); a source that has none says why.
    func inspect(pid: Int) async -> ProcessInspection
}

extension Collector {
    public func prioritize(_ priority: CollectionPriority) async {}

    public func inspect(pid: Int) async -> ProcessInspection {
        ProcessInspection(
            pid: pid,
            unavailable: "a recording (\(sourceDescription)) holds no threads, open files or rules of a process; "
                + "on a live host they come from ps -H, procstat -f and rctl -l")
    }
}
