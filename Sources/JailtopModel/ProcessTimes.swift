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
        var sorted = true
        for i in processes.indices.dropFirst() where processes[i - 1].pid > processes[i].pid {
            sorted = false
            break
        }
        // Field access by index: no copy (and no retain) of each process's strings.
        var pids: [Int] = [], cpu: [Double] = [], elapsed: [Int] = []
        pids.reserveCapacity(processes.count)
        cpu.reserveCapacity(processes.count)
        elapsed.reserveCapacity(processes.count)
        if sorted {
            for i in processes.indices {
                pids.append(processes[i].pid)
                cpu.append(processes[i].cpuTimeS)
                elapsed.append(processes[i].elapsedS)
            }
            positions = nil
        } else {
            var keyed = processes.indices.map { (pid: processes[$0].pid, position: $0) }
            keyed.sort { $0.pid != $1.pid ? $0.pid < $1.pid : $0.position < $1.position }
            for k in keyed {
                pids.append(k.pid)
                cpu.append(processes[k.position].cpuTimeS)
                elapsed.append(processes[k.position].elapsedS)
            }
            positions = keyed.map(\.position)
        }
        self.pids = pids
        cpuTimes = cpu
        self.elapsed = elapsed
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
