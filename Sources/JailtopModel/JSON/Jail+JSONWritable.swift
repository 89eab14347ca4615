#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A jail and its parts written with `JSONWriter`, members sorted, nulls as `Jail.encode(to:)`
/// writes them (`"jid":null`, `"racct":null`; `racct_time` and `interfaces_time` only when known,
/// `manager`, `manager_info` and `manager_name` only for a managed jail).
extension Jail: JSONWritable {
    public func writeJSON(into w: inout JSONWriter) throws(JSONWriteError) {
        w.beginObject()
        w.member("configured", configured)
        w.member("hostname", hostname)
        w.key("interfaces")
        try w.array(interfaces, named: "interfaces")
        // When netstat -j ran, like `racct_time`.
        try w.optionalMember("interfaces_time", interfacesTime, .thousandths, ifNil: .omit)
        w.member("ip4", ip4)
        w.member("ip6", ip6)
        w.optionalMember("jid", jid)
        // Only for a jail a manager keeps (`select(.manager == "bastille")` in jq): a plain
        // jail's JSON, and so every recording made before, stays as it was.
        if let managedBy {
            w.member("manager", managedBy.manager)
            w.key("manager_info")
            managedBy.writeJSON(into: &w)
            w.member("manager_name", managedBy.name)
        }
        w.member("name", name)
        w.member("osrelease", osrelease)
        w.key("params")
        ParamValue.writeJSON(params, into: &w)
        w.member("parent", parent)
        w.member("path", path)
        w.key("racct")
        if let racct { racct.writeJSON(into: &w) } else { w.null() }
        // When rctl -u ran: a moment in time, milliseconds like the sample's own `time`.
        try w.optionalMember("racct_time", racctTime, .thousandths, ifNil: .omit)
        w.key("rules")
        try w.array(rules, named: "rules")
        w.member("state", state.rawValue)
        w.key("summary")
        do { try summary.writeJSON(into: &w) } catch { throw error.inside("summary") }
        w.member("vnet", vnet)
        w.endObject()
    }

    /// Its parameters are most of it: some 30 bytes each, and the rest ~600.
    public var estimatedJSONBytes: Int { 600 + params.count * 30 }
}

extension ManagedBy {
    /// `manager_info`: what the manager keeps besides its name, nulls where its files are silent.
    func writeJSON(into w: inout JSONWriter) {
        w.beginObject()
        w.key("boot")
        if let boot { w.bool(boot) } else { w.null() }
        if let conflict { w.member("conflict", conflict) }
        w.key("config")
        if let config { w.string(config) } else { w.null() }
        w.key("notes")
        if let notes { w.string(notes) } else { w.null() }
        w.optionalMember("priority", priority)
        w.key("release")
        if let release { w.string(release) } else { w.null() }
        w.member("tags", tags)
        w.endObject()
    }
}

extension JailSummary: JSONWritable {
    public func writeJSON(into w: inout JSONWriter) throws(JSONWriteError) {
        w.beginObject()
        // A sum of ps's one-decimal %CPU: one decimal is all it means.
        try w.member("cpu_percent", cpuPercent, .tenths)
        w.member("processes", processes)
        w.member("rss_bytes", rssBytes)
        w.member("threads", threads)
        w.endObject()
    }
}

extension RctlRule: JSONWritable {
    public func writeJSON(into w: inout JSONWriter) throws(JSONWriteError) {
        w.beginObject()
        w.member("action", action.rawValue)
        w.member("amount", amount)
        w.member("per", per.rawValue)
        w.member("resource", resource)
        w.member("rule", rule)
        w.endObject()
    }
}

extension NetInterface: JSONWritable {
    public func writeJSON(into w: inout JSONWriter) throws(JSONWriteError) {
        w.beginObject()
        w.member("name", name)
        w.member("rx_bytes", rxBytes)
        w.member("rx_packets", rxPackets)
        w.member("tx_bytes", txBytes)
        w.member("tx_packets", txPackets)
        w.endObject()
    }
}

extension ResourceUsage {
    /// `{"cputime":1843,…}` in sorted key order.
    public func writeJSON(into w: inout JSONWriter) {
        w.beginObject()
        for (name, value) in JSONWriter.sortedByKey(values) {
            w.key(name)
            w.int(value)
        }
        w.endObject()
    }
}

extension ParamValue {
    public func writeJSON(into w: inout JSONWriter) {
        switch self {
        case .string(let s): w.string(s)
        case .bool(let b): w.bool(b)
        case .integer(let i): w.int(i)
        case .list(let l):
            w.beginArray()
            for item in l {
                w.beginElement()
                w.string(item)
            }
            w.endArray()
        }
    }

    /// A jail's parameters as one object, in sorted key order.
    static func writeJSON(_ params: [String: ParamValue], into w: inout JSONWriter) {
        w.beginObject()
        for name in w.sortedKeys(of: params) {
            w.key(name)
            params[name]!.writeJSON(into: &w)
        }
        w.endObject()
    }
}

extension JSONWriter {
    /// The keys of `dictionary` in sorted (UTF-8 byte) order. Every jail of a host has the
    /// same parameter names, so the last order is kept and reused when the key set is the
    /// same: a lookup per key instead of a sort per jail.
    mutating func sortedKeys<Value>(of dictionary: [String: Value]) -> [String] {
        if lastSortedKeys.count == dictionary.count, lastSortedKeys.allSatisfy({ dictionary[$0] != nil }) {
            return lastSortedKeys
        }
        lastSortedKeys = dictionary.keys.sorted(by: Self.utf8Precedes)
        return lastSortedKeys
    }

    /// A dictionary's members in the order `.sortedKeys` writes them: by UTF-8 bytes.
    static func sortedByKey<Value>(_ dictionary: [String: Value]) -> [(key: String, value: Value)] {
        dictionary.sorted { utf8Precedes($0.key, $1.key) }
    }

    /// Byte order of the UTF-8, by memcmp where the strings are contiguous (native ones are).
    static func utf8Precedes(_ a: String, _ b: String) -> Bool {
        let fast = a.utf8.withContiguousStorageIfAvailable { pa in
            b.utf8.withContiguousStorageIfAvailable { pb in
                let common = min(pa.count, pb.count)
                guard common > 0, let x = pa.baseAddress, let y = pb.baseAddress else { return pa.count < pb.count }
                let order = memcmp(x, y, common)
                return order != 0 ? order < 0 : pa.count < pb.count
            }
        }
        return (fast ?? nil) ?? a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}
