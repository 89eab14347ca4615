import JailtopModel

/// What the collector keeps of each process between refreshes: what a `.withoutArguments` ps
/// run leaves out (the user name and the argument list), with what identifies the process
/// (its command, uid and age), so a steady refresh reads argv only for processes that are new
/// or changed — `ps -o args` costs one kernel call per process on every refresh.
///
/// Kept in pid order and matched against the rows (sorted by pid too) in one merge walk: a
/// hash lookup per process was the largest cost of a steady refresh on 50 000 processes.
struct ProcessArgumentCache: Sendable {
    /// One process as last read in full.
    struct Known: Sendable {
        var pid: Int
        /// etimes when last seen: a process only ages, so a younger one with this pid is another.
        var elapsed: Int
        var command: String
        var uid: Int
        var user: String
        var args: String

        init(_ p: JailProcess) {
            pid = p.pid
            elapsed = p.elapsedS
            command = p.command
            uid = p.uid
            user = p.user
            args = p.args
        }
    }

    /// How much younger the same process may look: etimes is whole seconds, taken against the
    /// clock of each ps run.
    static let ageTolerance = 1

    /// In increasing pid order; after `complete`, only processes that are still the same.
    private var known: [Known] = []

    var isEmpty: Bool { known.isEmpty }
    var count: Int { known.count }

    /// Forgets everything and keeps the processes of a full read (in any order).
    mutating func replaceAll(with processes: [JailProcess]) {
        known = processes.map(Known.init).sorted { $0.pid < $1.pid }
    }

    /// Fills in user and args of steady rows from what is known; `rows` must be in increasing
    /// pid order. Returns the rows that need a full read, by pid with their index in `rows`:
    /// processes never seen, those whose command or uid changed or that got younger (an exec, a
    /// setuid, a reused pid), and any of `alsoRead` (what is on screen, whose arguments may
    /// change without an exec: setproctitle). Processes that are gone are forgotten.
    mutating func complete(_ rows: inout [JailProcess], alsoRead: Set<Int>) -> [Int: Int] {
        var pending: [Int: Int] = [:]
        var matched = [Bool](repeating: false, count: known.count)
        var matches = 0
        var k = 0
        for i in rows.indices {
            let pid = rows[i].pid
            while k < known.count, known[k].pid < pid { k += 1 }
            if k < known.count, known[k].pid == pid, Self.matches(known[k], rows[i]) {
                rows[i].user = known[k].user
                rows[i].args = known[k].args
                matched[k] = true
                matches += 1
                if alsoRead.contains(pid) { pending[pid] = i }
            } else {
                // Until its full read: ps's own stand-in for a name it cannot resolve.
                rows[i].user = String(rows[i].uid)
                pending[pid] = i
            }
        }
        // Entries of processes that are gone (or became others) are dropped; in a steady state
        // nothing is, and the array is left as it is.
        if matches < known.count {
            var kept: [Known] = []
            kept.reserveCapacity(matches)
            for (index, entry) in known.enumerated() where matched[index] { kept.append(entry) }
            known = kept
        }
        return pending
    }

    /// Puts full rows of pending processes in place of their steady rows and remembers them. A
    /// full row for another process (the pid was reused in between) is taken too: it is newer.
    mutating func merge(_ full: [JailProcess], into rows: inout [JailProcess], pending: [Int: Int]) {
        var fresh: [Known] = []
        for p in full {
            guard let i = pending[p.pid] else { continue }
            rows[i] = p
            if let k = index(of: p.pid) {
                known[k] = Known(p)  // a process on screen, read again
            } else {
                fresh.append(Known(p))
            }
        }
        guard !fresh.isEmpty else { return }
        // New processes are merged in, in one pass over both pid-ordered lists.
        fresh.sort { $0.pid < $1.pid }
        var merged: [Known] = []
        merged.reserveCapacity(known.count + fresh.count)
        var a = 0, b = 0
        while a < known.count || b < fresh.count {
            if b == fresh.count || (a < known.count && known[a].pid < fresh[b].pid) {
                merged.append(known[a])
                a += 1
            } else {
                if a < known.count, known[a].pid == fresh[b].pid { a += 1 }  // replaced
                merged.append(fresh[b])
                b += 1
            }
        }
        known = merged
    }

    /// Where `pid` is in `known` (binary search: it is in pid order).
    private func index(of pid: Int) -> Int? {
        var low = 0, high = known.count
        while low < high {
            let mid = (low + high) / 2
            if known[mid].pid < pid { low = mid + 1 } else { high = mid }
        }
        return low < known.count && known[low].pid == pid ? low : nil
    }

    /// Whether a steady row is the process last read in full. ps prints `-` (read as 0) for a
    /// process whose age it cannot tell; that alone does not make it another.
    private static func matches(_ old: Known, _ row: JailProcess) -> Bool {
        guard old.command == row.command, old.uid == row.uid else { return false }
        return row.elapsedS == 0 || row.elapsedS >= old.elapsed - ageTolerance
    }
}
