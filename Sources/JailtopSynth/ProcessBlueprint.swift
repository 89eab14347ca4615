/// What one kind of process looks like on a real FreeBSD host: its names, owner, and how much
/// CPU and memory it uses, so the synthesizer can make believable `ps` rows.
public struct ProcessBlueprint: Sendable {
    public var command: String
    /// Argument vector as ps prints it; `{n}` is replaced by a per-instance number.
    public var args: String
    public var user: String
    public var uid: Int
    /// How many instances a jail of this role runs.
    public var count: Int
    /// Typical %CPU of one instance at the peak of its load wave.
    public var cpuPeak: Double
    public var rssMiB: Double
    public var vszMiB: Double
    public var threads: Int
    /// The first instance is the parent of the others (nginx master, postgres postmaster).
    public var isParent: Bool
    /// Instances that come and go: each sample some exit and new pids replace them.
    public var churn: Double
    public var state: String

    public init(
        _ command: String, _ args: String, user: String = "root", uid: Int = 0, count: Int = 1,
        cpu: Double = 0.1, rssMiB: Double = 4, vszMiB: Double = 14, threads: Int = 1,
        isParent: Bool = false, churn: Double = 0, state: String = "SsJ"
    ) {
        self.command = command
        self.args = args
        self.user = user
        self.uid = uid
        self.count = count
        self.cpuPeak = cpu
        self.rssMiB = rssMiB
        self.vszMiB = vszMiB
        self.threads = threads
        self.isParent = isParent
        self.churn = churn
        self.state = state
    }
}
