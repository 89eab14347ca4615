/// The jail managers jailtop knows (shared/managers.md). Each keeps its jails in its own files
/// and starts, stops and limits them through its own CLI, doing more than jail(8) does.
public enum JailManager: String, Sendable, CaseIterable, Codable, StrictStringEnum {
    case bastille, iocage, iocell, appjail, pot, cbsd, ezjail, qjail

    /// The name an admin knows it by, for dialogs and messages.
    public var title: String {
        switch self {
        case .bastille: "Bastille"
        case .iocage: "iocage"
        case .iocell: "iocell"
        case .appjail: "AppJail"
        case .pot: "pot"
        case .cbsd: "cbsd"
        case .ezjail: "ezjail"
        case .qjail: "qjail"
        }
    }
}

/// What the manager that owns a jail keeps about it: the manager's own name for the jail
/// (iocage's `web.1` for the kernel's `ioc-web_1`) and what an admin looks it up for.
/// JSON: the jail's `manager` and `manager_name`, and `manager_info` for the rest.
public struct ManagedBy: Sendable, Equatable, Codable {
    /// `JailManager`'s raw value; kept as text, so a recording made by a newer jailtop that
    /// knows more managers still reads.
    public var manager: String
    /// The manager's name for the jail: what its CLI takes.
    public var name: String
    /// Whether the manager starts it at boot; nil when its files do not say.
    public var boot: Bool?
    /// Boot order (lower first, as every manager here sorts).
    public var priority: Int?
    public var tags: [String]
    public var notes: String?
    /// The FreeBSD release the jail runs, as the manager records it.
    public var release: String?
    /// The file the manager keeps the jail in (host path).
    public var config: String?
    /// Set on a stopped jail whose kernel name a running jail of another owner holds: why the
    /// manager cannot start it now.
    public var conflict: String?

    public init(
        manager: String, name: String, boot: Bool? = nil, priority: Int? = nil, tags: [String] = [], notes: String? = nil,
        release: String? = nil, config: String? = nil, conflict: String? = nil
    ) {
        self.manager = manager
        self.name = name
        self.boot = boot
        self.priority = priority
        self.tags = tags
        self.notes = notes
        self.release = release
        self.config = config
        self.conflict = conflict
    }

    /// `manager_info` in JSON holds the details; `manager` and `manager_name` are the jail's own
    /// members (what a `jq` filter looks for first).
    enum CodingKeys: String, CodingKey {
        case boot, priority, tags, notes, release, config, conflict
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(manager: "", name: "")
        boot = try c.decodeIfPresent(Bool.self, forKey: .boot)
        priority = try c.decodeIfPresent(Int.self, forKey: .priority)
        tags = try c.decodeIfPresent([String].self, forKey: .tags) ?? []
        notes = try c.decodeIfPresent(String.self, forKey: .notes)
        release = try c.decodeIfPresent(String.self, forKey: .release)
        config = try c.decodeIfPresent(String.self, forKey: .config)
        conflict = try c.decodeIfPresent(String.self, forKey: .conflict)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(boot, forKey: .boot)
        try c.encodeIfPresent(conflict, forKey: .conflict)
        try c.encode(config, forKey: .config)
        try c.encode(notes, forKey: .notes)
        try c.encode(priority, forKey: .priority)
        try c.encode(release, forKey: .release)
        try c.encode(tags, forKey: .tags)
    }

    /// The manager, when this jailtop knows it.
    public var knownManager: JailManager? { JailManager(rawValue: manager) }

    /// The manager's title, or its raw name when unknown.
    public var managerTitle: String { knownManager?.title ?? manager }
}
