import JailtopModel

/// What the collector keeps of each process between refreshes: what a `.withoutArguments` ps
/// run leaves out (the user name and the argument list), with what identifies the process
/// (its command, uid and age), so a steady refresh reads argv only for processes that
/// are new or changed — `ps -o args` costs one kernel call per process on every refresh.
struct ProcessArgumentCache: Sendable {
    /// One process as last read in full.
    struct Known: Sendable {
        /// etimes when last seen: a process only ages, so a younger one with this pid is another.
        var elapsed: Int
        var command: String
        var uid: Int
        var user: String
        var args: String
    }

    /// How much younger the same process may look: etimes is whole seconds, taken against the
    /// clock of each ps run.
    static let ageTolerance = 1

    private var known: [Int: Known] = [:]
    private var refresh = 0

    var isEmpty: Bool { known.isEmpty }
    var count: Int { known.count }

    /// Forgets everything and keeps the processes of a full read.
    mutating func replaceAll(with processes: [JailProcess]) {
        refresh += 1
        known = [:]
        known.reserveCapacity(processes.count)
        for p in processes { remember(p) }
    }

    /// Fills in user and args of steady rows from what is known. Returns the rows that need a
    /// full read, by pid with their index in `rows`: processes never seen, those whose command,
    /// uid changed or that got younger (an exec, a setuid, a reused pid), and any of `alsoRead` (what
    /// is on screen, whose arguments may change without an exec: setproctitle).
    mutating func complete(_ rows: inout [JailProcess], alsoRead: Set<Int>) -> [Int: Int] {
        refresh += 1
        var pending: [Int: Int] = [:]
        for i in rows.indices {
            let pid = rows[i].pid
            if let old = known[pid], Self.matches(old, rows[i]) {
                rows[i].user = old.user
                rows[i].args = old.args
                if alsoRead.contains(pid) { pending[pid] = i }
            } else {
                // Until its full read: ps's own stand-in for a name it cannot resolve.
                rows[i].user = String(rows[i].uid)
                pending[pid] = i
            }
        }
        // Pruned now and then: marking or rebuilding 50 000 entries on every refresh would cost
        // more than the memory of the processes that exited in between.
        if refresh % 16 == 0 {
            let present = Set(rows.map(\.pid))
            known = known.filter { present.contains($0.key) }
        }
        return pending
    }

    /// Puts full rows of pending processes in place of their steady rows and remembers them. A
    /// full row for another process (the pid was reused in between) is taken too: it is newer.
    mutating func merge(_ full: [JailProcess], into rows: inout [JailProcess], pending: [Int: Int]) {
        for p in full {
            guard let i = pending[p.pid] else { continue }
            rows[i] = p
            remember(p)
        }
    }

    private mutating func remember(_ p: JailProcess) {
        known[p.pid] = Known(elapsed: p.elapsedS, command: p.command, uid: p.uid, user: p.user, args: p.args)
    }

    /// Whether a steady row is the process last read in full. ps prints `-` (read as 0) for a
    /// process whose age it cannot tell; that alone does not make it another.
    private static func matches(_ old: Known, _ row: JailProcess) -> Bool {
        guard old.command == row.command, old.uid == row.uid else { return false }
        return row.elapsedS == 0 || row.elapsedS >= old.elapsed - ageTolerance
    }
}
