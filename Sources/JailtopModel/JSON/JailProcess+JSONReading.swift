/// A process read with `JSONReader`: every schema-1 field is required, as the synthesized
/// `init(from:)` requires it. This is the hot loop of replaying a 50 000-process sample.
extension JailProcess: JSONReadable {
    static let jsonKeys = JSONKeyTable([
        "args", "command", "cpu_percent", "cpu_time_s", "elapsed_s", "jid", "mem_percent", "nice", "pid", "ppid", "priority",
        "rss_bytes", "state", "threads", "uid", "user", "vsz_bytes",
    ])
    /// In the order of the declaration, as JSONDecoder checked them.
    private static let required = [8, 9, 5, 14, 15, 2, 6, 11, 16, 3, 4, 12, 13, 10, 7, 1, 0]

    init(reading r: inout JSONReader) throws(JSONReadError) {
        let keys = Self.jsonKeys
        var object = try r.beginObject("JailProcess")
        self.init(
            pid: 0, ppid: 0, jid: 0, uid: 0, user: "", cpuPercent: 0, memPercent: 0, rssBytes: 0, vszBytes: 0, cpuTimeS: 0,
            elapsedS: 0, state: "", threads: 0, priority: 0, nice: 0, command: "", args: "")
        while let field = try r.nextField(&object, keys) {
            do throws(JSONReadError) {
                switch field {
                case 0: args = try r.string()
                case 1: command = try r.string()
                case 2: cpuPercent = try r.double()
                case 3: cpuTimeS = try r.double()
                case 4: elapsedS = try r.int()
                case 5: jid = try r.int(within: Limits.id)
                case 6: memPercent = try r.double()
                case 7: nice = try r.int(within: Limits.small)
                case 8: pid = try r.int(within: Limits.id)
                case 9: ppid = try r.int(within: Limits.id)
                case 10: priority = try r.int(within: Limits.small)
                case 11: rssBytes = try r.int()
                case 12: state = try r.string()
                case 13: threads = try r.int(within: Limits.threads)
                case 14: uid = try r.int(within: Limits.uid)
                case 15: user = try r.string()
                default: vszBytes = try r.int()
                }
            } catch {
                throw error.inside(keys.names[field])
            }
        }
        try keys.requireAll(Self.required, seen: object.seen)
    }
}
