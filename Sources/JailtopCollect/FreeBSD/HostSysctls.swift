/// Host facts read in one `sysctl -e -i …` call; a value is nil when the kernel lacks that OID.
public struct HostSysctls: Sendable, Equatable {
    public var hostname: String?
    public var osrelease: String?
    public var ncpu: Int?
    public var physmemBytes: Int?
    public var pageSize: Int?
    /// 1, 5 and 15 minute load averages.
    public var loadavg: [Double]?
    /// Seconds since the epoch when the host booted, with the microseconds as a fraction.
    public var boottime: Double?
    /// `kern.cp_time`: ticks spent in user, nice, system, interrupt and idle, summed over CPUs.
    public var cpTime: [Int]?
    public var racctEnable: Bool?
    /// Memory in use: (active + wired + laundry pages) × page size; nil if any part is missing.
    public var memUsedBytes: Int?

    public init(
        hostname: String? = nil, osrelease: String? = nil, ncpu: Int? = nil, physmemBytes: Int? = nil,
        pageSize: Int? = nil, loadavg: [Double]? = nil, boottime: Double? = nil, cpTime: [Int]? = nil,
        racctEnable: Bool? = nil, memUsedBytes: Int? = nil
    ) {
        self.hostname = hostname
        self.osrelease = osrelease
        self.ncpu = ncpu
        self.physmemBytes = physmemBytes
        self.pageSize = pageSize
        self.loadavg = loadavg
        self.boottime = boottime
        self.cpTime = cpTime
        self.racctEnable = racctEnable
        self.memUsedBytes = memUsedBytes
    }
}
