/// Facts about the host as a whole: identity, size, load and whether racct accounting is on.
/// A fact the host did not give (a sysctl that failed or was unreadable) is nil, and `null` in
/// JSON: unknown is never 0, "" or 1970.
public struct HostInfo: Codable, Sendable, Equatable {
    public var hostname: String?
    public var osrelease: String?
    public var ncpu: Int?
    public var physmemBytes: Int?
    /// 1, 5 and 15 minute load averages (`vm.loadavg`).
    public var loadavg: [Double]?
    /// Seconds since the epoch when the host booted (`kern.boottime`).
    public var boottime: Double?
    public var racct: RacctState
    /// Host-wide CPU busy percentage (0–100) over the last interval; nil when unknown.
    public var cpuPercent: Double?
    public var memUsedBytes: Int?
    /// Raw `kern.cp_time` ticks (user, nice, system, interrupt, idle) so the next sample can
    /// compute `cpuPercent`; absent in recordings made by tools that do not know it.
    public var cpTime: [Int]?
    /// Processes on the host, host processes (JID 0) included, when the sample's `processes`
    /// does not hold them all (`Snapshot.processesOf`); nil when it does: count those then
    /// (`Snapshot.processCount`).
    public var processCount: Int?

    public init(
        hostname: String?, osrelease: String?, ncpu: Int?, physmemBytes: Int?, loadavg: [Double]?,
        boottime: Double?, racct: RacctState, cpuPercent: Double? = nil, memUsedBytes: Int? = nil,
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
        case processCount = "processes"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        hostname = try c.decodeIfPresent(String.self, forKey: .hostname)
        osrelease = try c.decodeIfPresent(String.self, forKey: .osrelease)
        ncpu = try c.decodeIfPresent(Int.self, forKey: .ncpu)
        physmemBytes = try c.decodeIfPresent(Int.self, forKey: .physmemBytes)
        loadavg = try c.decodeIfPresent([Double].self, forKey: .loadavg)
        boottime = try c.decodeIfPresent(Double.self, forKey: .boottime)
        racct = try c.decode(RacctState.self, forKey: .racct)
        cpuPercent = try c.decodeIfPresent(Double.self, forKey: .cpuPercent)
        memUsedBytes = try c.decodeIfPresent(Int.self, forKey: .memUsedBytes)
        cpTime = try c.decodeIfPresent([Int].self, forKey: .cpTime)
        processCount = try c.decodeIfPresent(Int.self, forKey: .processCount)
    }

    /// The identity and size facts are always written, as `null` when unknown, so a reader
    /// can tell "unknown" from an older writer that did not have the field.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(hostname, forKey: .hostname)
        try c.encode(osrelease, forKey: .osrelease)
        try c.encode(ncpu, forKey: .ncpu)
        try c.encode(physmemBytes, forKey: .physmemBytes)
        try c.encode(loadavg, forKey: .loadavg)
        try c.encode(boottime, forKey: .boottime)
        try c.encode(racct, forKey: .racct)
        try c.encodeIfPresent(cpuPercent, forKey: .cpuPercent)
        try c.encodeIfPresent(memUsedBytes, forKey: .memUsedBytes)
        try c.encodeIfPresent(cpTime, forKey: .cpTime)
        try c.encodeIfPresent(processCount, forKey: .processCount)
    }

    /// Seconds the host has been up at `time`, or nil when the boot time is unknown or not
    /// before `time` (a clock step).
    public func uptime(at time: Double) -> Double? {
        guard let boottime, boottime > 0, time >= boottime else { return nil }
        return time - boottime
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
