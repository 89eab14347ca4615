/// The 25 resources racct accounts, in the kernel's enum order (sys/sys/racct.h), with what
/// the kernel allows on each (kern_rctl.c `rctl_rule_add`) so rules can be checked before use.
public enum RacctResource: String, Sendable, CaseIterable, Codable, StrictStringEnum {
    case cputime, datasize, stacksize, coredumpsize, memoryuse, memorylocked, maxproc, openfiles,
        vmemoryuse, pseudoterminals, swapuse, nthr, msgqqueued, msgqsize, nmsgq, nsem, nsemop, nshm,
        shmsize, wallclock, pcpu, readbps, writebps, readiops, writeiops

    /// A few letters naming it where a cell is narrow (the jail table's `mem 96%`).
    public var shortName: String {
        switch self {
        case .cputime: "cput"
        case .datasize: "data"
        case .stacksize: "stack"
        case .coredumpsize: "core"
        case .memoryuse: "mem"
        case .memorylocked: "mlock"
        case .maxproc: "proc"
        case .openfiles: "files"
        case .vmemoryuse: "vmem"
        case .pseudoterminals: "pty"
        case .swapuse: "swap"
        case .nthr: "thr"
        case .msgqqueued: "msgq"
        case .msgqsize: "msgqs"
        case .nmsgq: "nmsgq"
        case .nsem: "sem"
        case .nsemop: "semop"
        case .nshm: "shm"
        case .shmsize: "shms"
        case .wallclock: "wall"
        case .pcpu: "cpu"
        case .readbps: "rbps"
        case .writebps: "wbps"
        case .readiops: "riops"
        case .writeiops: "wiops"
        }
    }

    /// What a raw rctl number of this resource counts.
    public enum Unit: Sendable {
        case seconds, bytes, count, percent, bytesPerSecond, operationsPerSecond
    }

    public var unit: Unit {
        switch self {
        case .cputime, .wallclock: .seconds
        case .datasize, .stacksize, .coredumpsize, .memoryuse, .memorylocked, .vmemoryuse, .swapuse,
            .msgqsize, .shmsize:
            .bytes
        case .pcpu: .percent
        case .readbps, .writebps: .bytesPerSecond
        case .readiops, .writeiops: .operationsPerSecond
        case .maxproc, .openfiles, .pseudoterminals, .nthr, .msgqqueued, .nmsgq, .nsem, .nsemop, .nshm:
            .count
        }
    }

    /// Whether a jail's total is the same kernel quantity ps prints per process, summed: racct's
    /// memoryuse is each process's resident pages (kern_racct.c racctd: vmspace_resident_count,
    /// which is ps's rss), maxproc its processes and nthr their threads. For these a ps-based
    /// figure stands in for `rctl -u` (sampled at another moment, so marked as an estimate).
    public var isCountedByPs: Bool {
        switch self {
        case .memoryuse, .maxproc, .nthr: true
        default: false
        }
    }

    /// Decaying resources are rates the kernel averages over time.
    public var isDecaying: Bool {
        switch self {
        case .pcpu, .readbps, .writebps, .readiops, .writeiops: true
        default: false
        }
    }

    /// Sloppy resources are only accounted per jail/user/class, not per process.
    public var isSloppy: Bool {
        switch self {
        case .pseudoterminals, .swapuse, .msgqqueued, .msgqsize, .nmsgq, .nsem, .nshm, .shmsize: true
        default: false
        }
    }

    /// Whether `deny` is accepted: deniable resources plus the special cases memoryuse and pcpu.
    public var acceptsDeny: Bool {
        switch self {
        case .cputime, .wallclock, .readbps, .writebps, .readiops, .writeiops: false
        default: true
        }
    }

    /// `throttle` is valid only for the four decaying I/O resources.
    public var acceptsThrottle: Bool {
        switch self {
        case .readbps, .writebps, .readiops, .writeiops: true
        default: false
        }
    }

    /// Cumulative resources only grow (cputime, wallclock); a limit on them is a budget.
    public var isCumulative: Bool { self == .cputime || self == .wallclock }
}

/// racct usage of one jail: raw numbers as `rctl -u jail:NAME` prints them (bytes, seconds,
/// counts, percent). Resources a newer kernel adds are kept under their own names.
public struct ResourceUsage: Codable, Sendable, Equatable {
    public var values: [String: Int]

    public init(values: [String: Int] = [:]) {
        self.values = values
    }

    public subscript(resource: RacctResource) -> Int? {
        get { values[resource.rawValue] }
        set { values[resource.rawValue] = newValue }
    }

    public init(from decoder: any Decoder) throws {
        values = try decoder.singleValueContainer().decode([String: Int].self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(values)
    }
}
