/// Schema 1 (DESIGN.md §4) written with `JSONWriter`: keys in sorted order, and each optional
/// field present or absent exactly as the `encode(to:)` of the same type decides.
extension Snapshot: JSONWritable {
    public func writeJSON(into w: inout JSONWriter) throws(JSONWriteError) {
        w.beginObject()
        // `errors` only when a source failed, as encode(to:) does.
        if !errors.isEmpty {
            w.key("errors")
            try w.array(errors, named: "errors")
        }
        w.key("host")
        do { try host.writeJSON(into: &w) } catch { throw error.inside("host") }
        w.key("jails")
        try w.parallelArray(jails, named: "jails")
        w.key("processes")
        try w.parallelArray(processes, named: "processes")
        if let processesOf {
            w.key("processes_of")
            w.beginArray()
            for jid in processesOf {
                w.beginElement()
                w.int(jid)
            }
            w.endArray()
        }
        if let remote { w.member("remote", remote) }
        w.member("schema", schema)
        // Milliseconds: the collector's clock means no more, and rates are per second.
        try w.member("time", time, .thousandths)
        w.endObject()
    }

    /// A process is ~300-400 bytes, a jail with its ~40 parameters ~2-3 KB.
    public var estimatedJSONBytes: Int { 1024 + processes.count * 450 + jails.count * 3000 }
}

extension HostInfo: JSONWritable {
    public func writeJSON(into w: inout JSONWriter) throws(JSONWriteError) {
        w.beginObject()
        // kern.boottime is seconds and microseconds; milliseconds is all uptime needs.
        try w.optionalMember("boottime", boottime, .thousandths, ifNil: .null)
        if let cpTime {
            w.key("cp_time")
            w.beginArray()
            for ticks in cpTime {
                w.beginElement()
                w.int(ticks)
            }
            w.endArray()
        }
        // Computed from kern.cp_time ticks and shown as ps shows %CPU: one decimal.
        try w.optionalMember("cpu_percent", cpuPercent, .tenths, ifNil: .omit)
        w.optionalMember("hostname", hostname)
        w.key("loadavg")
        if let loadavg {
            w.beginArray()
            for (i, load) in loadavg.enumerated() {
                w.beginElement()
                // vm.loadavg as sysctl prints it: two decimals.
                do { try w.double(load, .hundredths) } catch { throw error.inside(index: i).inside("loadavg") }
            }
            w.endArray()
        } else {
            w.null()
        }
        if let memUsedBytes { w.member("mem_used_bytes", memUsedBytes) }
        w.optionalMember("ncpu", ncpu)
        w.optionalMember("osrelease", osrelease)
        w.optionalMember("physmem_bytes", physmemBytes)
        if let processCount { w.member("processes", processCount) }
        w.member("racct", racct.rawValue)
        w.endObject()
    }
}

extension SourceIssue: JSONWritable {
    public func writeJSON(into w: inout JSONWriter) throws(JSONWriteError) {
        w.beginObject()
        w.member("message", message)
        if let skippedRows { w.member("skipped_rows", skippedRows) }
        w.member("source", source.rawValue)
        w.endObject()
    }
}

extension RecordingHeader: JSONWritable {
    public func writeJSON(into w: inout JSONWriter) throws(JSONWriteError) {
        w.beginObject()
        try w.member("created", created, .thousandths)
        w.member("host", host)
        // The user's own `-d`: exactly what was asked for.
        try w.member("interval_s", intervalS, .shortest)
        w.member("jailtop_recording", jailtopRecording)
        w.endObject()
    }
}

/// What an optional double becomes when it is nil: `null` (a fact the host did not give) or
/// no member at all (a field older writers did not have), as each `encode(to:)` decides.
public enum JSONAbsentValue: Sendable {
    case null
    case omit
}

extension JSONWriter {
    /// `"name":[…]` of writable elements; an error names the element (`jails[3].…`).
    public mutating func array(_ elements: [some JSONWritable], named name: StaticString) throws(JSONWriteError) {
        do { try elements.writeJSON(into: &self) } catch { throw error.inside(name) }
    }

    public mutating func optionalMember(
        _ name: StaticString, _ value: Double?, _ precision: JSONNumberPrecision, ifNil absent: JSONAbsentValue
    ) throws(JSONWriteError) {
        if let value {
            try member(name, value, precision)
        } else if absent == .null {
            key(name)
            null()
        }
    }

    /// `"name":value`, or `"name":null` when nil.
    public mutating func optionalMember(_ name: StaticString, _ value: String?) {
        key(name)
        if let value { string(value) } else { null() }
    }

    /// `"name":value`, or `"name":null` when nil.
    public mutating func optionalMember(_ name: StaticString, _ value: Int?) {
        key(name)
        if let value { int(value) } else { null() }
    }
}
