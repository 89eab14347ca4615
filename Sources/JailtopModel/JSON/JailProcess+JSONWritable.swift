/// A process written with `JSONWriter`; `ps --json` adds its jail's name as one more member.
extension JailProcess: JSONWritable {
    public func writeJSON(into w: inout JSONWriter) throws(JSONWriteError) {
        try writeJSON(into: &w, jail: .omitted)
    }

    /// The process object, with a `jail` member when `jail` says so (it sorts after `elapsed_s`),
    /// and a `host` member for a process of a remote host (`ps --host … --json`).
    public func writeJSON(into w: inout JSONWriter, jail: ProcessJailMember, host: String? = nil) throws(JSONWriteError) {
        w.beginObject()
        w.member("args", args)
        w.member("command", command)
        // ps prints %CPU and %MEM with one decimal and cputime in centiseconds.
        try w.member("cpu_percent", cpuPercent, .tenths)
        try w.member("cpu_time_s", cpuTimeS, .hundredths)
        w.member("elapsed_s", elapsedS)
        if let host { w.member("host", host) }
        if case .included(let name) = jail { w.optionalMember("jail", name) }
        w.member("jid", jid)
        try w.member("mem_percent", memPercent, .tenths)
        w.member("nice", nice)
        w.member("pid", pid)
        w.member("ppid", ppid)
        w.member("priority", priority)
        w.member("rss_bytes", rssBytes)
        w.member("state", state)
        w.member("threads", threads)
        w.member("uid", uid)
        w.member("user", user)
        w.member("vsz_bytes", vszBytes)
        w.endObject()
    }

    public var estimatedJSONBytes: Int { 400 }
}

/// Whether a process object carries its jail's name (`ps --json`), which is null for the host.
public enum ProcessJailMember: Sendable {
    case omitted
    case included(name: String?)
}
