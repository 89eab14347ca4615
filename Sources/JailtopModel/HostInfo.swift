/// Facts about the host as a whole: identity, size, load and whether racct accounting is on.
public struct HostInfo: Codable, Sendable, Equatable {
    public var hostname: String
    public var osrelease: String
    public var ncpu: Int
    public var physmemBytes: Int
    /// 1, 5 and 15 minute load averages (`vm.loadavg`).
    public var loadavg: [Double]
    /// Seconds since the epoch when the host booted (`kern.boottime`).
    public var boottime: Double
    public var racct: RacctState
    /// Host-wide CPU busy percentage (0–100) over the last interval; nil when unknown.
    public var cpuPercent: Double?
    public var memUsedBytes: Int?
    /// Raw `kern.cp_time` ticks (user, nice, system, interrupt, idle) so the next sample can
    /// compute `cpuPercent`; absent in recordings made by tools that do not know it.
    public var cpTime: [Int]?

    public init(
        hostname: String, osrelease: String, ncpu: Int, physmemBytes: Int, loadavg: [Double],
        boottime: Double, racct: RacctState, cpuPercent: Double? = nil, memUsedBytes: Int? = nil,
        cpTime: [Int]? = nil
    ) {
        self.hostname = hostname
        self.osrelease = osrelease
        self.ncpu = ncpu
        self.physmemBytes = physmemBytes
        self.loadavg = loadavg
        self.boottime = boottime
        self.racct = racct
        self.cpuPercent = cpuPercent
        self.memUsedBytes = memUsedBytes
        self.cpTime = cpTime
    }

    enum CodingKeys: String, CodingKey {
        case hostname, osrelease, ncpu, loadavg, boottime, racct
        case physmemBytes = "physmem_bytes"
        case cpuPercent = "cpu_percent"
        case memUsedBytes = "mem_used_bytes"
        case cpTime = "cp_time"
    }
}

/// Whether the kernel accounts resources per jail (`kern.racct.enable`, a boot-time tunable).
public enum RacctState: String, Codable, Sendable, CaseIterable, StrictStringEnum {
    /// racct is compiled in and switched on: `rctl -u` gives usage, rules are enforced.
    case enabled
    /// Compiled in but `kern.racct.enable=0` (GENERIC's default): no usage, ps-based estimates only.
    case disabled
    /// The kernel has no RACCT/RCTL at all.
    case absent
}
