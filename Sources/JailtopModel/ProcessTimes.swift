/// What rates need of a sample's processes (pid, CPU time, age), copied out of the process
/// list once into dense arrays in pid order. Walking 50 000 `JailProcess` records touches
/// most of their 170 bytes each; the dashboard builds this once per sample and keeps the rate
/// base's, so working out rates never walks the earlier sample's process list again.
public struct ProcessTimes: Sendable {
    /// Ascending.
    public let pids: [Int]
    let cpuTimes: [Double]
    let elapsed: [Int]
    /// The position in the process list of each entry; nil when the list is in pid order
    /// (as collectors produce it) and entry i is process i.
    let positions: [Int]?

    public static let empty = ProcessTimes([])

    public init(_ processes: [JailProcess]) {
        self = ProcessColumns(processes).times
    }

    /// From a process list's columns in list order (`ProcessColumns`): as they are when the
    /// list is in pid order, else sorted by pid (the earlier position first for a repeated pid).
    init(listOrder pids: [Int], cpu: [Double], elapsed: [Int], sorted: Bool) {
        guard !sorted else {
            (self.pids, cpuTimes, self.elapsed, positions) = (pids, cpu, elapsed, nil)
            return
        }
        var keyed = pids.indices.map { (pid: pids[$0], position: $0) }
        keyed.sort { $0.pid != $1.pid ? $0.pid < $1.pid : $0.position < $1.position }
        self.pids = keyed.map(\.pid)
        cpuTimes = keyed.map { cpu[$0.position] }
        self.elapsed = keyed.map { elapsed[$0.position] }
        positions = keyed.map(\.position)
    }

    public var count: Int { pids.count }

    /// The process-list position of entry `i`.
    func position(_ i: Int) -> Int { positions?[i] ?? i }

    /// The entry of this pid (the first, should a list repeat one), or nil.
    func entry(ofPID pid: Int) -> Int? {
        var low = 0, high = pids.count
        while low < high {
            let mid = (low + high) / 2
            if pids[mid] < pid { low = mid + 1 } else { high = mid }
        }
        return low < pids.count && pids[low] == pid ? low : nil
    }
}
