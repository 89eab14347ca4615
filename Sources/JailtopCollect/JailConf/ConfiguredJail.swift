/// One jail as jail(8) would build it from the configuration: every parameter after wildcard merging,
/// `+=` appending and variable expansion, ready to show a configured (possibly stopped) jail.
public struct ConfiguredJail: Sendable, Equatable {
    /// The jail's name (its block name; nested blocks give hierarchical `a.b` names).
    public var name: String
    /// Every parameter after expansion, variables removed. Valueless booleans and `no`-prefixed
    /// booleans are stored under the positive name as `["true"]` or `["false"]`
    /// (`nopersist;` gives `persist: ["false"]`, `allow.nomount;` gives `allow.mount: ["false"]`).
    public var params: [String: [String]]
    /// The file holding the jail's `name {` line (possibly an included file), without the root prefix.
    public var file: String
    /// The line of the jail's `name {`.
    public var line: Int
    /// The top-level file whose parse produced these parameters: what `jail -f` must be given to see
    /// exactly this definition (differs from `file` when the block sits in an `.include`d file).
    public var configFile: String
    /// What defines the jail: a jail.conf file, or legacy rc.conf variables (started and
    /// stopped through rc.d, which generates its configuration).
    public var definedBy: Definition

    /// Where a configured jail's definition comes from.
    public enum Definition: Sendable, Equatable {
        case jailConf
        case rcConf
    }

    public init(
        name: String, params: [String: [String]], file: String, line: Int, configFile: String? = nil, definedBy: Definition = .jailConf
    ) {
        self.name = name
        self.params = params
        self.file = file
        self.line = line
        self.configFile = configFile ?? file
        self.definedBy = definedBy
    }

    /// `path`: the jail's root directory (jail(8) uses the last value of a parameter).
    public var path: String? { params["path"]?.last }

    /// `host.hostname`.
    public var hostname: String? { params["host.hostname"]?.last }

    /// IPv4 addresses from `ip4.addr`, with any `iface|` prefix and `/mask` (or ` options`) suffix removed.
    public var ip4: [String] { Self.addresses(params["ip4.addr"] ?? []) }

    /// IPv6 addresses from `ip6.addr`, with any `iface|` prefix and `/prefixlen` suffix removed.
    public var ip6: [String] { Self.addresses(params["ip6.addr"] ?? []) }

    /// True for `vnet;`, `vnet = new` (and `vnet = 1`, libjail's JAIL_SYS_NEW); false for `inherit`/`novnet`.
    public var vnet: Bool {
        guard let value = params["vnet"]?.last else { return false }
        return ["true", "new", "1"].contains(value.lowercased())
    }

    /// The interfaces moved into a VNET jail (`vnet.interface`), one per value, as jail(8) passes them to ifconfig.
    public var vnetInterfaces: [String] { params["vnet.interface"] ?? [] }

    /// Whether `persist` is set, with jail(8)'s bool_param rules ("true" in any case, or a non-zero number).
    public var persist: Bool {
        guard let values = params["persist"] else { return false }
        return JailConfParamName.booleanValue(name: "persist", values: values)
    }

    /// The `exec.start` commands, in order.
    public var execStart: [String] { params["exec.start"] ?? [] }

    /// Strips an address value the way config.c's check_intparams does (first `|`, then `/`, then ` `).
    /// Why split on commas too: jail(8) hands the kernel one comma-joined string, which libjail splits again,
    /// so `ip4.addr = "10.0.0.1,10.0.0.2";` means two addresses.
    static func addresses(_ values: [String]) -> [String] {
        var result: [String] = []
        for value in values {
            for piece in value.split(separator: ",", omittingEmptySubsequences: true) {
                var address = Substring(piece)
                if let bar = address.firstIndex(of: "|") {
                    address = address[address.index(after: bar)...]
                }
                if let slash = address.firstIndex(of: "/") {
                    address = address[..<slash]
                }
                if let space = address.firstIndex(of: " ") {
                    address = address[..<space]
                }
                if !address.isEmpty {
                    result.append(String(address))
                }
            }
        }
        return result
    }
}
