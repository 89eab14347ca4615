/// One process on the host, with the jail it belongs to (JID 0 is the host itself).
/// Text fields are stored exactly as the system gave them; sanitizing happens when drawing.
///
/// The numbers FreeBSD keeps in 32 bits or fewer (pid_t, jid, uid_t, nlwp, pri, nice) are stored
/// so: 136 bytes a process instead of 168, which on a host of 50 000 processes is 1.6 MB less to
/// page in and to read back in every pass over the list (`jailtop ps` spent more on its page
/// faults than on parsing). They read and write as `Int`; each parser refuses a value outside
/// `Limits` (that row or sample is reported), and a value set from code is clamped to them.
public struct JailProcess: Codable, Sendable, Equatable {
    private var storedPID: Int32
    private var storedPPID: Int32
    private var storedJID: Int32
    /// `UInt32.max`, which no process has (it is `(uid_t)-1`), stands for an unknown uid (-1).
    private var storedUID: UInt32
    public var user: String
    /// ps(1)'s decaying %CPU of one core (can exceed 100 for threaded processes).
    public var cpuPercent: Double
    public var memPercent: Double
    public var rssBytes: Int
    public var vszBytes: Int
    /// Accumulated CPU time (user + system) in seconds.
    public var cpuTimeS: Double
    public var elapsedS: Int
    /// ps(1) state letters, e.g. "SJ", "Ss", "R+".
    public var state: String
    private var storedThreads: Int32
    private var storedPriority: Int16
    private var storedNice: Int16
    /// The executable's name (`comm`), chosen by the process itself.
    public var command: String
    /// The full argument vector as ps prints it.
    public var args: String

    /// What the 32-bit fields hold, as their FreeBSD types do.
    public enum Limits {
        /// pid, ppid and JID (pid_t and the kernel's jid are ints; none is negative).
        public static let id = 0...Int(Int32.max)
        /// A uid, or -1 for one not known.
        public static let uid = -1...Int(UInt32.max - 1)
        /// Threads (nlwp).
        public static let threads = 0...Int(Int32.max)
        /// Priority and nice.
        public static let small = Int(Int16.min)...Int(Int16.max)
    }

    public var pid: Int {
        get { Int(storedPID) }
        set { storedPID = Self.narrowed(newValue, Limits.id) }
    }
    public var ppid: Int {
        get { Int(storedPPID) }
        set { storedPPID = Self.narrowed(newValue, Limits.id) }
    }
    public var jid: Int {
        get { Int(storedJID) }
        set { storedJID = Self.narrowed(newValue, Limits.id) }
    }
    public var uid: Int {
        get { storedUID == .max ? -1 : Int(storedUID) }
        set { storedUID = newValue == -1 ? .max : Self.narrowed(newValue, 0...Limits.uid.upperBound) }
    }
    public var threads: Int {
        get { Int(storedThreads) }
        set { storedThreads = Self.narrowed(newValue, Limits.threads) }
    }
    public var priority: Int {
        get { Int(storedPriority) }
        set { storedPriority = Self.narrowed(newValue, Limits.small) }
    }
    public var nice: Int {
        get { Int(storedNice) }
        set { storedNice = Self.narrowed(newValue, Limits.small) }
    }

    /// `value` clamped to `limits`, in the field's type.
    @inline(__always)
    private static func narrowed<Field: FixedWidthInteger>(_ value: Int, _ limits: ClosedRange<Int>) -> Field {
        Field(min(max(value, limits.lowerBound), limits.upperBound))
    }

    public init(
        pid: Int, ppid: Int, jid: Int, uid: Int, user: String, cpuPercent: Double, memPercent: Double,
        rssBytes: Int, vszBytes: Int, cpuTimeS: Double, elapsedS: Int, state: String, threads: Int,
        priority: Int, nice: Int, command: String, args: String
    ) {
        (storedPID, storedPPID, storedJID, storedUID) = (0, 0, 0, 0)
        (storedThreads, storedPriority, storedNice) = (0, 0, 0)
        self.user = user
        self.cpuPercent = cpuPercent
        self.memPercent = memPercent
        self.rssBytes = rssBytes
        self.vszBytes = vszBytes
        self.cpuTimeS = cpuTimeS
        self.elapsedS = elapsedS
        self.state = state
        self.command = command
        self.args = args
        self.pid = pid
        self.ppid = ppid
        self.jid = jid
        self.uid = uid
        self.threads = threads
        self.priority = priority
        self.nice = nice
    }

    /// Schema 1's process object: every field required, the 32-bit ones within `Limits`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func limited(_ key: CodingKeys, _ limits: ClosedRange<Int>) throws -> Int {
            let value = try c.decode(Int.self, forKey: key)
            guard limits.contains(value) else {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: c, debugDescription: "\(value) is outside \(limits.lowerBound)...\(limits.upperBound)")
            }
            return value
        }
        self.init(
            pid: try limited(.pid, Limits.id), ppid: try limited(.ppid, Limits.id), jid: try limited(.jid, Limits.id),
            uid: try limited(.uid, Limits.uid), user: try c.decode(String.self, forKey: .user),
            cpuPercent: try c.decode(Double.self, forKey: .cpuPercent), memPercent: try c.decode(Double.self, forKey: .memPercent),
            rssBytes: try c.decode(Int.self, forKey: .rssBytes), vszBytes: try c.decode(Int.self, forKey: .vszBytes),
            cpuTimeS: try c.decode(Double.self, forKey: .cpuTimeS), elapsedS: try c.decode(Int.self, forKey: .elapsedS),
            state: try c.decode(String.self, forKey: .state), threads: try limited(.threads, Limits.threads),
            priority: try limited(.priority, Limits.small), nice: try limited(.nice, Limits.small),
            command: try c.decode(String.self, forKey: .command), args: try c.decode(String.self, forKey: .args))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(pid, forKey: .pid)
        try c.encode(ppid, forKey: .ppid)
        try c.encode(jid, forKey: .jid)
        try c.encode(uid, forKey: .uid)
        try c.encode(user, forKey: .user)
        try c.encode(cpuPercent, forKey: .cpuPercent)
        try c.encode(memPercent, forKey: .memPercent)
        try c.encode(rssBytes, forKey: .rssBytes)
        try c.encode(vszBytes, forKey: .vszBytes)
        try c.encode(cpuTimeS, forKey: .cpuTimeS)
        try c.encode(elapsedS, forKey: .elapsedS)
        try c.encode(state, forKey: .state)
        try c.encode(threads, forKey: .threads)
        try c.encode(priority, forKey: .priority)
        try c.encode(nice, forKey: .nice)
        try c.encode(command, forKey: .command)
        try c.encode(args, forKey: .args)
    }

    enum CodingKeys: String, CodingKey {
        case pid, ppid, jid, uid, user, state, threads, priority, nice, command, args
        case cpuPercent = "cpu_percent"
        case memPercent = "mem_percent"
        case rssBytes = "rss_bytes"
        case vszBytes = "vsz_bytes"
        case cpuTimeS = "cpu_time_s"
        case elapsedS = "elapsed_s"
    }
}
