import JailtopModel

/// What the collector keeps of every process between refreshes: the last sample's rows, in pid
/// order, so that a refresh asks ps for less and takes the rest from here.
/// - With every process in the steady layout (no user, no args: `ps -o args` costs one kernel
///   call per process), user and args come from here (`complete`).
/// - With counters for every process and the steady layout only for the processes of the jails
///   on screen (the dashboard), every field but the counters comes from here (`rows(from:)`,
///   `refresh`): a jail the dashboard does not list needs only its totals.
///
/// Either way a process counts as the same one only while its jail and uid (and its command,
/// where ps printed it) stay the same and its age does not go down (nor its CPU time, in a
/// counters run), so an exec, a setuid, a jail_attach or a reused pid is noticed; processes
/// that are new or changed are read in full (`ps -p`). The rows are walked
/// against the cache in one merge, in pid order: a hash lookup per process was the largest cost
/// of a steady refresh on 50 000 processes.
struct ProcessCache: Sendable {
    /// How much younger the same process may look: etimes is whole seconds, taken against the
    /// clock of each ps run.
    static let ageTolerance = 1

    /// In increasing pid order: the rows of the last refresh.
    private var known: [JailProcess] = []
    /// The rows of the refresh before, kept for their storage (`rows(from:)`): by the next
    /// refresh the dashboard has let go of that sample, so its 50 000 slots are written again
    /// in place instead of a new array being mapped, faulted in page by page and freed.
    private var spare: [JailProcess] = []

    var isEmpty: Bool { known.isEmpty }
    var count: Int { known.count }

    /// Keeps these rows (in any order) for the next refresh, in place of everything before.
    /// - Parameter recyclingStorage: keep the rows they replace for `rows(from:)` to write into.
    mutating func remember(_ processes: [JailProcess], recyclingStorage: Bool = false) {
        let previous = known
        known = processes.isSortedByPID ? processes : processes.sorted { $0.pid < $1.pid }
        spare = recyclingStorage ? previous : []
    }

    /// Fills in user and args of steady rows from what is known; `rows` must be in increasing
    /// pid order. Returns the rows that need a full read, by pid with their index in `rows`:
    /// processes never seen, those that changed, and any of `alsoRead` (what is on screen,
    /// whose arguments may change without an exec: setproctitle).
    func complete(_ rows: inout [JailProcess], alsoRead: Set<Int>) -> [Int: Int] {
        var pending: [Int: Int] = [:]
        var k = 0
        var onScreen = AscendingPIDs(alsoRead)
        for i in rows.indices {
            let pid = rows[i].pid
            while k < known.count, known[k].pid < pid { k += 1 }
            if k < known.count, known[k].pid == pid, Self.isSame(known[k], rows[i]) {
                rows[i].user = known[k].user
                rows[i].args = known[k].args
                if onScreen.contains(pid) { pending[pid] = i }
            } else {
                // Until its full read: ps's own stand-in for a name it cannot resolve.
                rows[i].user = String(rows[i].uid)
                pending[pid] = i
            }
        }
        return pending
    }

    /// Every process of a counters run, with the rest of each known one's fields as last read;
    /// `counters` must be in increasing pid order. Pending (by pid, with the index in `rows`):
    /// processes never seen or that are another now (a younger age, a lower CPU time, another
    /// jail), and any of `alsoRead`. A pending row holds only its counters until its full read.
    mutating func rows(from counters: [ProcessCounters], alsoRead: Set<Int>) -> (rows: [JailProcess], pending: [Int: Int]) {
        // Row i is counters[i]'s, written over the slot that held the same place two refreshes
        // ago: mostly the same process with the same strings, so only its numbers are stored
        // (no string retained or released). In place when nothing else holds that old sample
        // any more; else the first write copies it.
        var rows = spare
        spare = []
        if rows.count > counters.count { rows.removeLast(rows.count - counters.count) }
        rows.reserveCapacity(counters.count)
        var pending: [Int: Int] = [:]
        var k = 0
        var onScreen = AscendingPIDs(alsoRead)
        // Through a pointer, `known[k]` is lent to `overwrite`, not copied (a subscript's value,
        // even of a buffer pointer, was copied: its four strings retained and released once per
        // process).
        known.withUnsafeBufferPointer { known in
            for i in counters.indices {
                let c = counters[i]
                while k < known.count, known[k].pid < c.pid { k += 1 }
                let isKnown = k < known.count && known[k].pid == c.pid && Self.isSame(known[k], c)
                if isKnown {
                    if onScreen.contains(c.pid) { pending[c.pid] = i }
                } else {
                    pending[c.pid] = i
                }
                if i < rows.count {
                    if isKnown {
                        Self.overwrite(&rows[i], with: known.baseAddress! + k)
                    } else {
                        rows[i] = Self.countersOnly(c)
                    }
                } else {
                    rows.append(isKnown ? known[k] : Self.countersOnly(c))
                }
                rows[i].rssBytes = c.rssBytes
                rows[i].cpuTimeS = c.cpuTimeS
                rows[i].elapsedS = c.elapsedS
                rows[i].threads = c.threads
            }
        }
        return (rows, pending)
    }

    /// Makes `slot` equal to `source`, storing only the numbers when the texts are the same
    /// strings already (a process seen two refreshes ago in the same place).
    @inline(__always)
    private static func overwrite(_ slot: inout JailProcess, with source: UnsafePointer<JailProcess>) {
        guard slot.pid == source.pointee.pid, slot.command == source.pointee.command, slot.user == source.pointee.user,
            slot.state == source.pointee.state, slot.args == source.pointee.args
        else {
            slot = source.pointee
            return
        }
        slot.ppid = source.pointee.ppid
        slot.jid = source.pointee.jid
        slot.uid = source.pointee.uid
        slot.cpuPercent = source.pointee.cpuPercent
        slot.memPercent = source.pointee.memPercent
        slot.vszBytes = source.pointee.vszBytes
        slot.priority = source.pointee.priority
        slot.nice = source.pointee.nice
    }

    /// Puts steady rows (of some of the processes in `rows`, both in increasing pid order) in
    /// place, keeping user and args. A steady row whose process changed since (command, uid) is
    /// added to `pending`; one for a process `rows` does not hold (it started after the counters
    /// run) is left out: the next refresh has it.
    static func refresh(_ rows: inout [JailProcess], with steady: [JailProcess], pending: inout [Int: Int]) {
        var i = 0
        for s in steady {
            while i < rows.count, rows[i].pid < s.pid { i += 1 }
            guard i < rows.count, rows[i].pid == s.pid, pending[s.pid] == nil else { continue }
            if isSame(rows[i], s) {
                let (user, args) = (rows[i].user, rows[i].args)
                rows[i] = s
                rows[i].user = user
                rows[i].args = args
            } else {
                pending[s.pid] = i
            }
        }
    }

    /// Puts full rows of pending processes in place of what `rows` holds for them. A full row
    /// for another process (the pid was reused in between) is taken too: it is newer.
    /// - Parameter dropMissing: the read succeeded, so a pending process it did not print has
    ///   exited; its row (only counters, or an older picture) is removed.
    static func merge(_ full: [JailProcess], into rows: inout [JailProcess], pending: [Int: Int], dropMissing: Bool) {
        var answered = Set<Int>()
        for p in full {
            guard let i = pending[p.pid] else { continue }
            rows[i] = p
            answered.insert(p.pid)
        }
        guard dropMissing, answered.count < pending.count else { return }
        let gone = Set(pending.compactMap { answered.contains($0.key) ? nil : $0.value })
        var kept: [JailProcess] = []
        kept.reserveCapacity(rows.count - gone.count)
        for i in rows.indices where !gone.contains(i) { kept.append(rows[i]) }
        rows = kept
    }

    /// A row for a process known only by its counters. Its text is empty and its other
    /// numbers 0 until the full read fills them in; the row is dropped if that read shows the
    /// process gone, so these values reach a sample only when the read itself failed (and the
    /// sample then says so).
    static func countersOnly(_ c: ProcessCounters) -> JailProcess {
        JailProcess(
            pid: c.pid, ppid: 0, jid: c.jid, uid: -1, user: "?", cpuPercent: 0, memPercent: 0, rssBytes: c.rssBytes,
            vszBytes: 0, cpuTimeS: c.cpuTimeS, elapsedS: c.elapsedS, state: "?", threads: c.threads, priority: 0, nice: 0,
            command: "?", args: "")
    }

    /// Whether a steady row is the process known. ps prints `-` (read as 0) for a process whose
    /// age it cannot tell; that alone does not make it another.
    private static func isSame(_ old: JailProcess, _ row: JailProcess) -> Bool {
        guard old.command == row.command, old.uid == row.uid, old.jid == row.jid else { return false }
        return row.elapsedS == 0 || row.elapsedS >= old.elapsedS - ageTolerance
    }

    /// Whether a counters row is the process known: same jail, not younger, no less CPU time.
    private static func isSame(_ old: borrowing JailProcess, _ c: ProcessCounters) -> Bool {
        guard old.jid == c.jid, old.uid >= 0, c.cpuTimeS >= old.cpuTimeS else { return false }
        return c.elapsedS == 0 || c.elapsedS >= old.elapsedS - ageTolerance
    }
}

/// A few pids, asked about in ascending order by a walk over 50 000 rows: a cursor into their
/// sorted list answers each question without hashing.
struct AscendingPIDs {
    private let pids: [Int]
    private var next = 0

    init(_ pids: Set<Int>) {
        self.pids = pids.sorted()
    }

    /// Whether `pid` is one of them; each call's pid must be at least the last one's.
    mutating func contains(_ pid: Int) -> Bool {
        while next < pids.count, pids[next] < pid { next += 1 }
        return next < pids.count && pids[next] == pid
    }
}
