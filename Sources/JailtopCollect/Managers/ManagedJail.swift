import JailtopModel

/// One jail as its manager keeps it, running or not: what jls would show for it once it runs
/// (kernel name and path, the two that tell it is this manager's) and what the manager keeps
/// about it (`ManagedBy`).
public struct ManagedJail: Sendable, Equatable {
    public var manager: JailManager
    /// The manager's name, boot flag, priority, tags, notes, release and config file.
    public var info: ManagedBy
    /// The name the kernel gives it (`ioc-web_1` for iocage's `web.1`).
    public var kernelName: String
    /// Its root directory as jls prints it, normalized (`JailPath`); nil when the manager's
    /// files do not say (then name alone cannot prove ownership and nothing is matched).
    public var path: String?
    public var hostname: String
    public var ip4: [String]
    public var ip6: [String]
    public var vnet: Bool

    public init(
        manager: JailManager, name: String, kernelName: String? = nil, path: String?, hostname: String = "",
        ip4: [String] = [], ip6: [String] = [], vnet: Bool = false, boot: Bool? = nil, priority: Int? = nil,
        tags: [String] = [], notes: String? = nil, release: String? = nil, config: String? = nil
    ) {
        self.manager = manager
        self.info = ManagedBy(
            manager: manager.rawValue, name: name, boot: boot, priority: priority, tags: tags, notes: notes,
            release: release, config: config)
        self.kernelName = kernelName ?? name
        self.path = path.map(JailPath.normalized)
        self.hostname = hostname
        self.ip4 = ip4
        self.ip6 = ip6
        self.vnet = vnet
    }

    /// The manager's name for the jail.
    public var name: String { info.name }

    /// Whether a running jail jls lists is this one: same kernel name and same root (two
    /// managers may use one name, and only one of them can be running it: AppJail's test,
    /// `lib_jail_created_by_appjail`).
    public func owns(kernelName other: String, path jlsPath: String) -> Bool {
        guard other == kernelName, let path else { return false }
        return path == JailPath.normalized(jlsPath)
    }
}

/// What one look at the managers' files found: every jail they keep, and what could not be read.
public struct ManagerDiscovery: Sendable, Equatable {
    public var jails: [ManagedJail]
    /// One line per manager whose files could not be read, saying which and why.
    public var problems: [String]
    /// Changes whenever the jails or problems do (the catalog's count of changes): a caller
    /// keeping something derived from them rebuilds it only then.
    public var generation = 0

    public init(jails: [ManagedJail] = [], problems: [String] = []) {
        self.jails = jails
        self.problems = problems
    }
}
