/// Positions of a sample's processes grouped by JID, built in one pass and shared by the
/// per-jail totals, the CPU rates and the dashboard's process lists.
public struct ProcessIndex: Sendable {
    /// Process positions, grouped by JID in ascending order; each group in list order.
    private let grouped: [Int]
    /// Where each small JID's group starts in `grouped` (`starts[jid]..<starts[jid + 1]`).
    private let starts: [Int]
    /// Groups of JIDs too large (or negative) to index an array by.
    private let sparse: [Int: [Int]]

    public static let empty = ProcessIndex([])

    public init(_ processes: [JailProcess]) {
        self = ProcessColumns(processes).index
    }

    /// From each process's JID in list order, the greatest of them `maxJID`.
    init(jids: [Int], maxJID: Int) {
        // JIDs are mostly small integers: a counting sort into one array, no hashing per
        // process. A JID from `ProcessTotals.denseJIDs` up (the kernel goes to 999 999, which
        // would want 8 MB of starts every sample) has a dictionary entry instead.
        let dense = min(maxJID + 1, ProcessTotals.denseJIDs)
        var starts = [Int](repeating: 0, count: dense + 1)
        var sparse: [Int: [Int]] = [:]
        for i in jids.indices {
            let jid = jids[i]
            if jid >= 0, jid < dense { starts[jid + 1] += 1 } else { sparse[jid, default: []].append(i) }
        }
        for j in 0..<dense { starts[j + 1] += starts[j] }
        var next = starts
        var grouped = [Int](repeating: 0, count: starts[dense])
        for i in jids.indices {
            let jid = jids[i]
            guard jid >= 0, jid < dense else { continue }
            grouped[next[jid]] = i
            next[jid] += 1
        }
        self.grouped = grouped
        self.starts = starts
        self.sparse = sparse
    }

    /// Positions of the processes of this JID, in list order (empty when it has none).
    public func positions(ofJID jid: Int) -> ArraySlice<Int> {
        if jid >= 0, jid + 1 < starts.count { return grouped[starts[jid]..<starts[jid + 1]] }
        return sparse[jid].map { $0[...] } ?? []
    }

    /// Every JID that has processes, small ones in ascending order first.
    public var jids: [Int] {
        var out: [Int] = []
        for jid in 0..<(starts.count - 1) where starts[jid + 1] > starts[jid] { out.append(jid) }
        return out + sparse.keys.sorted()
    }
}
