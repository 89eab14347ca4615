import JailtopModel

/// One jail as `jls -d -n --libxo json` reports it: the fields jailtop uses, plus every parameter.
public struct JlsJail: Sendable, Equatable {
    public var jid: Int
    public var name: String
    public var hostname: String
    public var path: String
    /// JID of the parent jail; 0 for jails the host created.
    public var parent: Int
    public var osrelease: String
    /// True for a jail that was removed but is still held by the kernel (listed only with `-d`).
    public var dying: Bool
    /// True when the jail has its own network stack (the jailsys parameter `vnet` is "new").
    public var vnet: Bool
    public var ip4: [String]
    public var ip6: [String]
    /// Every parameter jls printed, keyed by its kernel name (`host.hostname`), typed as in JSON.
    public var params: [String: ParamValue]

    public init(
        jid: Int, name: String, hostname: String = "", path: String = "", parent: Int = 0,
        osrelease: String = "", dying: Bool = false, vnet: Bool = false, ip4: [String] = [],
        ip6: [String] = [], params: [String: ParamValue] = [:]
    ) {
        self.jid = jid
        self.name = name
        self.hostname = hostname
        self.path = path
        self.parent = parent
        self.osrelease = osrelease
        self.dying = dying
        self.vnet = vnet
        self.ip4 = ip4
        self.ip6 = ip6
        self.params = params
    }
}
