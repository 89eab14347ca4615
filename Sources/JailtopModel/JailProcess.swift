/// One process on the host, with the jail it belongs to (JID 0 is the host itself).
/// Text fields are stored exactly as the system gave them; sanitizing happens when drawing.
public struct JailProcess: Codable, Sendable, Equatable {
    public var pid: Int
    public var ppid: Int
    public var jid: Int
    public var uid: Int
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
    public var threads: Int
    public var priority: Int
    public var nice: Int
    /// The executable's name (`comm`), chosen by the process itself.
    public var command: String
    /// The full argument vector as ps prints it.
    public var args: String

    public init(
        pid: Int, ppid: Int, jid: Int, uid: Int, user: String, cpuPercent: Double, memPercent: Double,
        rssBytes: Int, vszBytes: Int, cpuTimeS: Double, elapsedS: Int, state: String, threads: Int,
        priority: Int, nice: Int, command: String, args: String
    ) {
        self.pid = pid
        self.ppid = ppid
        self.jid = jid
        self.uid = uid
        self.user = user
        self.cpuPercent = cpuPercent
        self.memPercent = memPercent
        self.rssBytes = rssBytes
        self.vszBytes = vszBytes
        self.cpuTimeS = cpuTimeS
        self.elapsedS = elapsedS
        self.state = state
        self.threads = threads
        self.priority = priority
        self.nice = nice
        self.command = command
        self.args = args
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
