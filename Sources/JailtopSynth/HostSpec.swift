import JailtopModel

/// The shape of a synthetic host: which jails it has, what they run, their limits, and the
/// seed that makes every run identical. `demo` is the built-in demo host; `large` is the
/// benchmark host (1000 jails, 50 000 processes).
public struct HostSpec: Sendable {
    /// One jail of the synthetic host.
    public struct JailSpec: Sendable {
        public var name: String
        public var role: JailRole
        public var state: JailState
        public var vnet: Bool
        public var ip4: [String]
        public var ip6: [String]
        /// Rules as (resource, action, amount, per).
        public var rules: [(RacctResource, RctlAction, Int, RctlSubject?)]
        /// Processes beyond the role's own, repeated from its worker blueprint.
        public var extraWorkers: Int
        /// Multiplies every process's memory (a bigger database).
        public var memoryScale: Double
        /// Where this jail's load starts in its cycle, 0..<1.
        public var phase: Double
        /// The jail manager that keeps it, if one does.
        public var managedBy: ManagedBy?

        public init(
            _ name: String, role: JailRole, state: JailState = .running, vnet: Bool = false, ip4: [String] = [],
            ip6: [String] = [], rules: [(RacctResource, RctlAction, Int, RctlSubject?)] = [], extraWorkers: Int = 0,
            memoryScale: Double = 1, phase: Double = 0, managedBy: ManagedBy? = nil
        ) {
            self.name = name
            self.role = role
            self.state = state
            self.vnet = vnet
            self.ip4 = ip4
            self.ip6 = ip6
            self.rules = rules
            self.extraWorkers = extraWorkers
            self.memoryScale = memoryScale
            self.phase = phase
            self.managedBy = managedBy
        }
    }

    public var hostname: String
    public var osrelease: String
    public var ncpu: Int
    public var physmemBytes: Int
    public var jails: [JailSpec]
    /// Extra host (JID 0) processes beyond the base system's daemons and kernel threads.
    public var extraHostProcesses: Int
    public var interval: Double
    /// Time of the first sample (seconds since the epoch).
    public var start: Double
    public var bootedSecondsBefore: Double
    public var seed: UInt64

    static let gib = 1 << 30
    static let mib = 1 << 20

    /// The built-in demo host: a dozen jails of common services, two VNET jails, a `ci.runner1`
    /// child jail, a dying and two stopped jails, and limits some jails are close to.
    public static let demo = HostSpec(
        hostname: "demo.jailtop.example", osrelease: "14.3-RELEASE-p2", ncpu: 8, physmemBytes: 32 * gib,
        jails: [
            JailSpec(
                "www", role: .web, ip4: ["192.0.2.10"], ip6: ["2001:db8::10"],
                rules: [(.memoryuse, .deny, 2 * gib, nil), (.maxproc, .deny, 200, nil), (.openfiles, .deny, 8192, nil)],
                extraWorkers: 40, phase: 0.1),
            JailSpec(
                "db", role: .database, ip4: ["192.0.2.11"],
                rules: [(.memoryuse, .deny, 8 * gib, nil), (.openfiles, .deny, 20000, nil), (.writebps, .throttle, 40 * mib, nil)],
                extraWorkers: 30, memoryScale: 0.8, phase: 0.5),
            JailSpec(
                "mail", role: .mail, ip4: ["192.0.2.12"], ip6: ["2001:db8::12"],
                rules: [(.openfiles, .deny, 4096, nil), (.memoryuse, .log, 1 * gib, nil)], extraWorkers: 16, phase: 0.3),
            JailSpec("dns", role: .dns, ip4: ["192.0.2.13"], ip6: ["2001:db8::13"], rules: [(.memoryuse, .deny, 256 * mib, nil)], phase: 0.7),
            JailSpec(
                "git", role: .git, ip4: ["192.0.2.14"], rules: [(.vmemoryuse, .deny, 4 * gib, nil), (.pcpu, .deny, 300, nil)], extraWorkers: 6,
                phase: 0.2, managedBy: bastille("git", boot: true, priority: 20, tags: ["dev"])),
            JailSpec(
                "cache", role: .cache, ip4: ["127.0.1.6"], rules: [(.memoryuse, .deny, 1 * gib, nil)], extraWorkers: 3, phase: 0.9,
                managedBy: ManagedBy(
                    manager: "pot", name: "cache", boot: true, tags: ["type=multi"], release: "14.3-RELEASE",
                    config: "/opt/pot/jails/cache/conf/pot.conf")),
            JailSpec(
                "monitor", role: .monitor, ip4: ["192.0.2.16"], rules: [(.memoryuse, .deny, 2 * gib, nil)], extraWorkers: 6, phase: 0.4,
                managedBy: bastille("monitor", boot: true, priority: 10, tags: ["ops"])),
            JailSpec("proxy", role: .proxy, vnet: true, rules: [(.maxproc, .deny, 64, nil)], extraWorkers: 6, phase: 0.6),
            JailSpec("vpn", role: .vpn, vnet: true, rules: [(.pcpu, .deny, 50, nil)], extraWorkers: 8, phase: 0.8),
            JailSpec("ci", role: .container, ip4: ["192.0.2.20"], rules: [(.maxproc, .deny, 128, nil)]),
            JailSpec(
                "ci.runner1", role: .builder, ip4: ["192.0.2.20"],
                rules: [(.pcpu, .deny, 200, nil), (.maxproc, .deny, 64, nil), (.memoryuse, .deny, 4 * gib, nil)],
                extraWorkers: 6, phase: 0.15),
            JailSpec("legacy", role: .container, state: .dying, ip4: ["192.0.2.30"]),
            JailSpec("build", role: .builder, state: .stopped, ip4: ["192.0.2.31"]),
            JailSpec(
                "backup", role: .container, state: .stopped, ip4: ["192.0.2.32"], rules: [(.readbps, .throttle, 100 * mib, nil)],
                managedBy: bastille("backup", boot: false, priority: 90, tags: ["ops"])),
        ],
        extraHostProcesses: 24, interval: 2, start: 1_764_518_400, bootedSecondsBefore: 3 * 86400 + 4 * 3600 + 5 * 60,
        seed: 0x6A61_696C_746F_7031)

    /// A jail as Bastille keeps it, for the demo host.
    static func bastille(_ name: String, boot: Bool, priority: Int, tags: [String]) -> ManagedBy {
        ManagedBy(
            manager: "bastille", name: name, boot: boot, priority: priority, tags: tags, release: "14.3-RELEASE",
            config: "/usr/local/bastille/jails/\(name)/jail.conf")
    }

    /// A hosting box at the scale of DESIGN.md §8: `jails` jails, about `processes` processes in all.
    public static func large(jails: Int = 1000, processes: Int = 50_000, seed: UInt64 = 42) -> HostSpec {
        var specs: [JailSpec] = []
        let roles = JailRole.rotation
        let hostProcesses = 60
        let perJail = max(0, (processes - hostProcesses) / max(1, jails))
        let remainder = max(0, processes - hostProcesses - perJail * jails)
        for i in 0..<jails {
            let role = roles[i % roles.count]
            let own = role.processes.reduce(0) { $0 + $1.count }
            let name = "\(role.name)\(String(i + 1).leftPadded(to: 4))"
            let vnet = role.name == "proxy" || role.name == "vpn"
            let octet3 = (i / 250) % 250, octet4 = i % 250 + 2
            specs.append(
                JailSpec(
                    name, role: role, vnet: vnet, ip4: vnet ? [] : ["10.\(octet3 / 250 + 1).\(octet3).\(octet4)"],
                    rules: [(.memoryuse, .deny, 4 * gib, nil), (.maxproc, .deny, 200, nil)],
                    extraWorkers: max(0, perJail + (i < remainder ? 1 : 0) - own), phase: Double(i % 97) / 97))
        }
        return HostSpec(
            hostname: "big.jailtop.example", osrelease: "14.3-RELEASE-p2", ncpu: 64, physmemBytes: 512 * gib,
            jails: specs, extraHostProcesses: hostProcesses - 30, interval: 2, start: 1_764_518_400,
            bootedSecondsBefore: 40 * 86400, seed: seed)
    }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
