/// A jail and its parts read with `JSONReader`, with `Jail.init(from:)`'s rules: `jid` and
/// `racct` present even as null, `racct_time` and `interfaces_time` optional, the state
/// agreeing with the JID.
extension Jail: JSONReadable {
    static let jsonKeys = JSONKeyTable([
        "configured", "hostname", "interfaces", "interfaces_time", "ip4", "ip6", "jid", "manager", "manager_info",
        "manager_name", "name", "osrelease", "params", "parent", "path", "racct", "racct_time", "rules", "state",
        "summary", "vnet",
    ])
    /// Every key but the two times and the three manager ones, in the order JSONDecoder checked them.
    private static let required = [6, 10, 1, 14, 18, 13, 11, 20, 4, 5, 0, 12, 15, 17, 2, 19]

    init(reading r: inout JSONReader) throws(JSONReadError) {
        let keys = Self.jsonKeys
        var object = try r.beginObject("Jail")
        self.init(jid: nil, name: "", state: .unknown)
        var manager: String?, managerName: String?, managerInfo: ManagedBy?
        while let field = try r.nextField(&object, keys) {
            do throws(JSONReadError) {
                switch field {
                case 0: configured = try r.bool()
                case 1: hostname = try r.string()
                case 2: interfaces = try r.list(of: NetInterface.self)
                case 3: interfacesTime = try r.optional(Double.self)
                case 4: ip4 = try r.list(of: String.self)
                case 5: ip6 = try r.list(of: String.self)
                case 6: jid = try r.optional(Int.self)
                case 7: manager = try r.optional(String.self)
                case 8: managerInfo = try r.optional(ManagedBy.self)
                case 9: managerName = try r.optional(String.self)
                case 10: name = try r.string()
                case 11: osrelease = try r.string()
                case 12: params = try ParamValue.readAll(&r)
                case 13: parent = try r.int()
                case 14: path = try r.string()
                case 15: racct = try r.consumeNull() ? nil : ResourceUsage(reading: &r)
                case 16: racctTime = try r.optional(Double.self)
                case 17: rules = try r.list(of: RctlRule.self)
                case 18: state = try r.strictEnum(JailState.self)
                case 19: summary = try r.read(JailSummary.self)
                default: vnet = try r.bool()
                }
            } catch {
                throw error.inside(keys.names[field])
            }
        }
        try keys.requireAll(Self.required, seen: object.seen)
        if let manager {
            var info = managerInfo ?? ManagedBy(manager: manager, name: name)
            info.manager = manager
            info.name = managerName ?? name
            managedBy = info
        }
        if state == .stopped, jid != nil {
            throw JSONReadError.schema("a stopped jail has \"jid\":null").inside("jid")
        }
        if state == .running || state == .dying, jid == nil {
            throw JSONReadError.schema("a \(state.rawValue) jail needs a JID").inside("jid")
        }
    }
}

extension ManagedBy: JSONReadable {
    static let jsonKeys = JSONKeyTable(["boot", "conflict", "config", "notes", "priority", "release", "tags"])

    /// `manager_info`; every member optional (the jail's `manager` and `manager_name` fill the rest).
    init(reading r: inout JSONReader) throws(JSONReadError) {
        let keys = Self.jsonKeys
        var object = try r.beginObject("ManagedBy")
        self.init(manager: "", name: "")
        while let field = try r.nextField(&object, keys) {
            do throws(JSONReadError) {
                switch field {
                case 0: boot = try r.optional(Bool.self)
                case 1: conflict = try r.optional(String.self)
                case 2: config = try r.optional(String.self)
                case 3: notes = try r.optional(String.self)
                case 4: priority = try r.optional(Int.self)
                case 5: release = try r.optional(String.self)
                default: tags = try r.list(of: String.self)
                }
            } catch {
                throw error.inside(keys.names[field])
            }
        }
    }
}

extension JailSummary: JSONReadable {
    static let jsonKeys = JSONKeyTable(["cpu_percent", "processes", "rss_bytes", "threads"])

    init(reading r: inout JSONReader) throws(JSONReadError) {
        let keys = Self.jsonKeys
        var object = try r.beginObject("JailSummary")
        self = .empty
        while let field = try r.nextField(&object, keys) {
            do throws(JSONReadError) {
                switch field {
                case 0: cpuPercent = try r.double()
                case 1: processes = try r.int()
                case 2: rssBytes = try r.int()
                default: threads = try r.int()
                }
            } catch {
                throw error.inside(keys.names[field])
            }
        }
        try keys.requireAll([1, 3, 0, 2], seen: object.seen)
    }
}

extension RctlRule: JSONReadable {
    static let jsonKeys = JSONKeyTable(["action", "amount", "per", "resource", "rule"])

    init(reading r: inout JSONReader) throws(JSONReadError) {
        let keys = Self.jsonKeys
        var object = try r.beginObject("RctlRule")
        var rule = "", resource = "", action = "", amount = 0, per = RctlSubject.jail
        while let field = try r.nextField(&object, keys) {
            do throws(JSONReadError) {
                switch field {
                case 0: action = try r.string()
                case 1: amount = try r.int()
                case 2: per = try r.strictEnum(RctlSubject.self)
                case 3: resource = try r.string()
                default: rule = try r.string()
                }
            } catch {
                throw error.inside(keys.names[field])
            }
        }
        try keys.requireAll([4, 3, 0, 1, 2], seen: object.seen)
        // The subject is not a field of schema 1: it is read back from the rule text's first
        // two fields (`jail:www:…`), the rest being the fields just read.
        let (subject, subjectID) = Self.subject(of: rule)
        self.init(rule: rule, subject: subject, subjectID: subjectID, resource: resource, action: RctlAction(rawValue: action), amount: amount, per: per)
    }
}

extension RctlRule {
    /// `jail:www:memoryuse:deny=…` → (.jail, "www"), split as `init(parsing:)` splits it (the
    /// id is everything between the first colon and the resource's), without the rest of its
    /// work; a text it would refuse gives (.jail, "").
    static func subject(of rule: String) -> (RctlSubject, String) {
        let bytes = rule.utf8
        guard let eq = bytes.lastIndex(of: UInt8(ascii: "=")), let first = bytes.firstIndex(of: UInt8(ascii: ":")) else { return (.jail, "") }
        var last: String.Index?, beforeLast: String.Index?
        var i = eq
        while i > first {
            bytes.formIndex(before: &i)
            guard bytes[i] == UInt8(ascii: ":") else { continue }
            if last == nil { last = i } else if beforeLast == nil { beforeLast = i; break }
        }
        guard let beforeLast, beforeLast > first, let kind = RctlSubject(abbreviated: String(rule[..<first])) else { return (.jail, "") }
        return (kind, String(rule[bytes.index(after: first)..<beforeLast]))
    }
}

extension NetInterface: JSONReadable {
    static let jsonKeys = JSONKeyTable(["name", "rx_bytes", "rx_packets", "tx_bytes", "tx_packets"])

    init(reading r: inout JSONReader) throws(JSONReadError) {
        let keys = Self.jsonKeys
        var object = try r.beginObject("NetInterface")
        self.init(name: "", rxBytes: 0, txBytes: 0, rxPackets: 0, txPackets: 0)
        while let field = try r.nextField(&object, keys) {
            do throws(JSONReadError) {
                switch field {
                case 0: name = try r.string()
                case 1: rxBytes = try r.int()
                case 2: rxPackets = try r.int()
                case 3: txBytes = try r.int()
                default: txPackets = try r.int()
                }
            } catch {
                throw error.inside(keys.names[field])
            }
        }
        try keys.requireAll([0, 1, 3, 2, 4], seen: object.seen)
    }
}
