/// One jail as the host sees it: identity, state, parameters, racct usage and rctl rules,
/// network interfaces (VNET) and a per-jail summary of its processes.
public struct Jail: Codable, Sendable, Equatable {
    /// The kernel's jail ID; nil for a jail that is configured but not running.
    public var jid: Int?
    public var name: String
    public var hostname: String
    public var path: String
    public var state: JailState
    /// JID of the parent jail; 0 for jails created by the host.
    public var parent: Int
    public var osrelease: String
    public var vnet: Bool
    public var ip4: [String]
    public var ip6: [String]
    /// True when jail.conf (or rc.conf) knows this jail, so it can be started and stopped by name.
    public var configured: Bool
    /// Every parameter `jls -n` reported, with its JSON type kept (string, boolean, list).
    public var params: [String: ParamValue]
    /// racct usage in raw rctl units; nil when racct is off or the jail is not running.
    public var racct: ResourceUsage?
    /// When `racct` was read (seconds since the epoch), if not at the sample's `time`: the live
    /// collector runs `rctl -u` after the other tools (a slow ps delays it by up to the tool
    /// timeout) and keeps a jail's usage from an earlier refresh when its budget is spent.
    /// Rates from racct are measured between these moments. JSON `racct_time`, optional.
    public var racctTime: Double?
    public var rules: [RctlRule]
    public var interfaces: [NetInterface]
    /// When `interfaces` were read (seconds since the epoch), if not at the sample's `time`: the
    /// live collector runs `netstat -j` for a few VNET jails per refresh and keeps the others'
    /// counters from an earlier one. Network rates are measured between these moments (a jail
    /// not read again has none). JSON `interfaces_time`, optional.
    public var interfacesTime: Double?
    public var summary: JailSummary
    /// The jail manager that owns the jail (Bastille, iocage, …), if one does: found from the
    /// manager's own files, and for a running jail only when its name and path both match.
    public var managedBy: ManagedBy?
    /// The remote host the jail is on, as the fleet dashboard got it (`--host h2`); nil for
    /// this host. Set when a remote sample arrives, never read from or written to JSON (the
    /// sample's `remote` says it once).
    public var remote: String?

    public init(
        jid: Int?, name: String, hostname: String = "", path: String = "", state: JailState,
        parent: Int = 0, osrelease: String = "", vnet: Bool = false, ip4: [String] = [], ip6: [String] = [],
        configured: Bool = false, params: [String: ParamValue] = [:], racct: ResourceUsage? = nil,
        rules: [RctlRule] = [], interfaces: [NetInterface] = [], summary: JailSummary = .empty,
        racctTime: Double? = nil, interfacesTime: Double? = nil, managedBy: ManagedBy? = nil
    ) {
        self.jid = jid
        self.name = name
        self.hostname = hostname
        self.path = path
        self.state = state
        self.parent = parent
        self.osrelease = osrelease
        self.vnet = vnet
        self.ip4 = ip4
        self.ip6 = ip6
        self.configured = configured
        self.params = params
        self.racct = racct
        self.racctTime = racctTime
        self.rules = rules
        self.interfaces = interfaces
        self.interfacesTime = interfacesTime
        self.summary = summary
        self.managedBy = managedBy
    }

    enum CodingKeys: String, CodingKey {
        case jid, name, hostname, path, state, parent, osrelease, vnet, ip4, ip6, configured, params,
            racct, rules, interfaces, summary
        case racctTime = "racct_time"
        case interfacesTime = "interfaces_time"
        case manager
        case managerName = "manager_name"
        case managerInfo = "manager_info"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        // `jid` and `racct` must be present, even as null: a missing key is a malformed sample.
        jid = try c.decodeNil(forKey: .jid) ? nil : c.decode(Int.self, forKey: .jid)
        name = try c.decode(String.self, forKey: .name)
        hostname = try c.decode(String.self, forKey: .hostname)
        path = try c.decode(String.self, forKey: .path)
        state = try c.decode(JailState.self, forKey: .state)
        parent = try c.decode(Int.self, forKey: .parent)
        osrelease = try c.decode(String.self, forKey: .osrelease)
        vnet = try c.decode(Bool.self, forKey: .vnet)
        ip4 = try c.decode([String].self, forKey: .ip4)
        ip6 = try c.decode([String].self, forKey: .ip6)
        configured = try c.decode(Bool.self, forKey: .configured)
        params = try c.decode([String: ParamValue].self, forKey: .params)
        racct = try c.decodeNil(forKey: .racct) ? nil : c.decode(ResourceUsage.self, forKey: .racct)
        racctTime = try c.decodeIfPresent(Double.self, forKey: .racctTime)
        rules = try c.decode([RctlRule].self, forKey: .rules)
        interfaces = try c.decode([NetInterface].self, forKey: .interfaces)
        interfacesTime = try c.decodeIfPresent(Double.self, forKey: .interfacesTime)
        summary = try c.decode(JailSummary.self, forKey: .summary)
        if let manager = try c.decodeIfPresent(String.self, forKey: .manager) {
            var info = try c.decodeIfPresent(ManagedBy.self, forKey: .managerInfo) ?? ManagedBy(manager: manager, name: name)
            info.manager = manager
            info.name = try c.decodeIfPresent(String.self, forKey: .managerName) ?? name
            managedBy = info
        }
        if state == .stopped, jid != nil {
            throw DecodingError.dataCorruptedError(
                forKey: .jid, in: c, debugDescription: "a stopped jail has \"jid\":null")
        }
        if state == .running || state == .dying, jid == nil {
            throw DecodingError.dataCorruptedError(
                forKey: .jid, in: c, debugDescription: "a \(state.rawValue) jail needs a JID")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        // Explicit nulls: schema 1 writes `"jid":null` and `"racct":null`, it does not omit them.
        if let jid { try c.encode(jid, forKey: .jid) } else { try c.encodeNil(forKey: .jid) }
        try c.encode(name, forKey: .name)
        try c.encode(hostname, forKey: .hostname)
        try c.encode(path, forKey: .path)
        try c.encode(state, forKey: .state)
        try c.encode(parent, forKey: .parent)
        try c.encode(osrelease, forKey: .osrelease)
        try c.encode(vnet, forKey: .vnet)
        try c.encode(ip4, forKey: .ip4)
        try c.encode(ip6, forKey: .ip6)
        try c.encode(configured, forKey: .configured)
        try c.encode(params, forKey: .params)
        if let racct { try c.encode(racct, forKey: .racct) } else { try c.encodeNil(forKey: .racct) }
        try c.encodeIfPresent(racctTime, forKey: .racctTime)
        try c.encode(rules, forKey: .rules)
        try c.encode(interfaces, forKey: .interfaces)
        try c.encodeIfPresent(interfacesTime, forKey: .interfacesTime)
        try c.encode(summary, forKey: .summary)
        try c.encodeIfPresent(managedBy?.manager, forKey: .manager)
        try c.encodeIfPresent(managedBy?.name, forKey: .managerName)
        try c.encodeIfPresent(managedBy, forKey: .managerInfo)
    }
}

extension Jail {
    /// The name the admin knows the jail by: its manager's, where that differs from the
    /// kernel's (iocage `web.1` for `ioc-web_1`).
    public var displayName: String { managedBy?.name ?? name }

    /// What tells this row from every other of a sample: the name, and for a stopped jail a
    /// manager keeps, its manager too (two managers may keep stopped jails of one name, and a
    /// stopped one may share its name with another's running jail).
    /// Across hosts, the host is part of it.
    public var selectionKey: String {
        let own = if jid == nil, let manager = managedBy?.manager { name + "\u{0}" + manager } else { name }
        guard let remote else { return own }
        return own + "\u{1}" + remote
    }

    /// The first address to show for the jail: its first IPv4, else IPv6, else "vnet" or "-".
    public var primaryAddress: String {
        if let first = ip4.first { return first }
        if let first = ip6.first { return first }
        return vnet ? "vnet" : "-"
    }

    /// Usage of `resource`, or nil when racct gives no number for it.
    public func usage(of resource: RacctResource) -> Int? {
        racct?[resource]
    }
}

/// Lifecycle state of a jail.
public enum JailState: String, Codable, Sendable, CaseIterable, StrictStringEnum {
    case running
    /// Removed but still held by the kernel (sockets in TIME_WAIT, say); has no processes.
    case dying
    /// Configured in jail.conf but not running.
    case stopped
    /// Configured, but the list of jails (jls) could not be read: it may be running or not.
    /// Nothing that depends on the state (start, stop, `jail_up`) is offered or reported.
    case unknown
}

/// A jail parameter value as `jls -n --libxo json` types it: strings (numbers too), real
/// booleans, and address lists.
public enum ParamValue: Codable, Sendable, Equatable, CustomStringConvertible {
    case string(String)
    case bool(Bool)
    case integer(Int)
    case list([String])

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let i = try? c.decode(Int.self) {
            self = .integer(i)
        } else if let l = try? c.decode([String].self) {
            self = .list(l)
        } else {
            throw DecodingError.dataCorruptedError(
                in: c, debugDescription: "expected a string, boolean, integer or list of strings")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .string(let s): try c.encode(s)
        case .bool(let b): try c.encode(b)
        case .integer(let i): try c.encode(i)
        case .list(let l): try c.encode(l)
        }
    }

    /// The value as jls(8) text mode would show it (lists comma-separated).
    public var description: String {
        switch self {
        case .string(let s): s
        case .bool(let b): b ? "true" : "false"
        case .integer(let i): String(i)
        case .list(let l): l.joined(separator: ",")
        }
    }
}
