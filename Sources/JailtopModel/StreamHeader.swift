#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Line 1 of `jailtop snapshot --stream --json`: which stream protocol follows (then one
/// schema-1 snapshot per line), which jailtop wrote it, and for which host. A dashboard reads
/// it first, so it can talk to an older host, or refuse a newer protocol with a clear reason.
public struct StreamHeader: Sendable, Equatable {
    /// The stream protocol this jailtop writes and reads.
    public static let currentVersion = 1
    public var jailtopStream: Int
    /// The writer's `jailtop --version` number ("0.1.0").
    public var version: String
    /// The host's name, as the snapshots' `host.hostname` (empty when unknown).
    public var host: String
    /// Seconds between samples the writer was asked for.
    public var intervalS: Double

    public init(version: String, host: String, intervalS: Double) {
        self.jailtopStream = StreamHeader.currentVersion
        self.version = version
        self.host = host
        self.intervalS = intervalS
    }

    static let jsonKeys = JSONKeyTable(["host", "interval_s", "jailtop_stream", "version"])

    public init(jsonLine data: Data) throws(JSONReadError) {
        let result = data.withUnsafeBytes { bytes in Result { () throws(JSONReadError) in try StreamHeader(jsonLine: bytes) } }
        self = try result.get()
    }

    /// Reads a header line; fields it does not know are skipped, missing ones are errors.
    /// - Throws: `JSONReadError` naming the field; `.notJSON` when the text is not JSON.
    public init(jsonLine bytes: UnsafeRawBufferPointer) throws(JSONReadError) {
        self = try JSONReader.read(bytes) { r throws(JSONReadError) in
            let keys = Self.jsonKeys
            var object = try r.beginObject("StreamHeader")
            var header = StreamHeader(version: "", host: "", intervalS: 0)
            header.jailtopStream = 0
            while let field = try r.nextField(&object, keys) {
                do throws(JSONReadError) {
                    switch field {
                    case 0: header.host = try r.string()
                    case 1: header.intervalS = try r.double()
                    case 2: header.jailtopStream = try r.int()
                    default: header.version = try r.string()
                    }
                } catch {
                    throw error.inside(keys.names[field])
                }
            }
            // Only the protocol number must be there: what else a header holds may change with it.
            try keys.requireAll([2], seen: object.seen)
            return header
        }
    }
}

extension StreamHeader: JSONWritable {
    public func writeJSON(into w: inout JSONWriter) throws(JSONWriteError) {
        w.beginObject()
        w.member("host", host)
        try w.member("interval_s", intervalS, .shortest)
        w.member("jailtop_stream", jailtopStream)
        w.member("version", version)
        w.endObject()
    }

    public var estimatedJSONBytes: Int { 96 + host.utf8.count + version.utf8.count }
}

/// What a stream's reader asks of it, one JSON line on the stream's stdin: the jails it lists
/// (`{"processes_of":["www"]}`), whose processes and parameters it is sent, so a fleet
/// dashboard is not sent every process of fifty hosts every sample; `null` (or no request at
/// all) asks for everything. Every jail's totals, limits and usage come either way. Lines that
/// do not read are ignored.
public struct StreamRequest: Sendable, Equatable {
    /// Kernel jail names; nil for every process.
    public var processesOf: [String]?

    public init(processesOf: [String]?) {
        self.processesOf = processesOf
    }

    static let jsonKeys = JSONKeyTable(["processes_of"])

    /// Whether it asks for processes `earlier` did not send: a jail newly listed, whose
    /// process list the reader should not wait a whole interval for.
    public func widens(_ earlier: StreamRequest) -> Bool {
        guard let earlierNames = earlier.processesOf else { return false }
        guard let processesOf else { return true }
        return !Set(processesOf).isSubset(of: earlierNames)
    }

    /// The racct resources the jail table shows for every jail (MEM, DISK R/W).
    static let tableResources: Set<String> = ["memoryuse", "readbps", "writebps"]

    /// The sample as asked for: only the processes of the jails named (`processesOf` says
    /// whose), and every jail's CPU % as measured on this side between `previous` and it,
    /// where every process is known. Without names, the sample as it is.
    public func scoped(_ sample: Snapshot, previous: Snapshot?) -> Snapshot {
        guard let processesOf else { return sample }
        var out = sample
        let wanted = Set(processesOf)
        let jids = Set(sample.jails.filter { wanted.contains($0.name) }.compactMap(\.jid))
        out.processes = sample.processes.filter { jids.contains($0.jid) }
        out.processesOf = jids.sorted()
        out.host.processCount = sample.processCount
        // The other jails' parameters too (only the Info tab of a listed jail shows them), and
        // of their racct usage what the table shows: memory, disk rates and what they have a
        // rule on. Together most of a jail's bytes.
        for i in out.jails.indices where !wanted.contains(out.jails[i].name) {
            out.jails[i].params = [:]
            if let racct = out.jails[i].racct {
                let ruled = Set(out.jails[i].rules.map(\.resource))
                out.jails[i].racct = ResourceUsage(values: racct.values.filter { Self.tableResources.contains($0.key) || ruled.contains($0.key) })
            }
        }
        if let previous {
            let delta = SnapshotDelta(previous: previous, current: sample)
            for i in out.jails.indices {
                if let cpu = delta.rates(for: out.jails[i])?.cpuPercent { out.jails[i].summary.cpuPercent = cpu }
            }
        }
        return out
    }

    public init(jsonLine bytes: UnsafeRawBufferPointer) throws(JSONReadError) {
        self = try JSONReader.read(bytes) { r throws(JSONReadError) in
            var object = try r.beginObject("StreamRequest")
            var request = StreamRequest(processesOf: nil)
            while let field = try r.nextField(&object, Self.jsonKeys) {
                do throws(JSONReadError) {
                    if field == 0 { request.processesOf = try r.consumeNull() ? nil : r.list(of: String.self) }
                } catch {
                    throw error.inside("processes_of")
                }
            }
            return request
        }
    }
}

extension StreamRequest: JSONWritable {
    public func writeJSON(into w: inout JSONWriter) throws(JSONWriteError) {
        w.beginObject()
        w.key("processes_of")
        if let processesOf {
            w.beginArray()
            for name in processesOf {
                w.beginElement()
                w.string(name)
            }
            w.endArray()
        } else {
            w.null()
        }
        w.endObject()
    }

    public var estimatedJSONBytes: Int { 32 + (processesOf ?? []).reduce(0) { $0 + $1.utf8.count + 8 } }
}
