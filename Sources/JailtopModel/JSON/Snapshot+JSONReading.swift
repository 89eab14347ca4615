#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Schema 1 read straight into the model with `JSONReader`, checked as the `init(from:)`
/// implementations check it (the same required keys, nulls, enums and messages).
extension Snapshot: JSONReadable {
    static let jsonKeys = JSONKeyTable(["errors", "host", "jails", "processes", "processes_of", "remote", "schema", "time"])

    /// Reads one schema-1 sample (a recording line, `snapshot --json`).
    /// - Throws: `JSONReadError` naming the field; `.notJSON` when the text is not JSON.
    public init(jsonLine bytes: UnsafeRawBufferPointer) throws(JSONReadError) {
        do throws(JSONReadError) {
            self = try JSONReader.read(bytes) { r throws(JSONReadError) in try Snapshot(reading: &r) }
        } catch where error.kind == .schema {
            // As with JSONDecoder, which read `schema` first: a sample of another schema says so.
            if let schema = Self.schemaNumber(in: bytes), schema != Snapshot.currentSchema {
                throw Self.unsupported(schema).inside("schema")
            }
            throw error
        }
    }

    public init(jsonLine data: Data) throws(JSONReadError) {
        let result = data.withUnsafeBytes { bytes in Result { () throws(JSONReadError) in try Snapshot(jsonLine: bytes) } }
        self = try result.get()
    }

    init(reading r: inout JSONReader) throws(JSONReadError) {
        let keys = Self.jsonKeys
        var object = try r.beginObject("Snapshot")
        var time = 0.0, host: HostInfo?, jails: [Jail] = [], processes: [JailProcess] = [], errors: [SourceIssue] = []
        var remote: String?, processesOf: [Int]?
        while let field = try r.nextField(&object, keys) {
            do throws(JSONReadError) {
                switch field {
                case 0: errors = try r.consumeNull() ? [] : r.list(of: SourceIssue.self)
                case 1: host = try r.read(HostInfo.self)
                case 2: jails = try r.list(of: Jail.self)
                case 3: processes = try r.list(of: JailProcess.self)
                case 4: processesOf = try r.consumeNull() ? nil : r.list(of: Int.self)
                case 5: remote = try r.consumeNull() ? nil : r.string()
                case 6:
                    let schema = try r.int()
                    guard schema == Snapshot.currentSchema else { throw Self.unsupported(schema) }
                default: time = try r.double()
                }
            } catch {
                throw error.inside(keys.names[field])
            }
        }
        try keys.requireAll([6, 7, 1, 2, 3], seen: object.seen)
        guard let host else { throw JSONReadError.schema("missing").inside("host") }
        self.init(time: time, host: host, jails: jails, processes: processes, errors: errors)
        self.remote = remote
        self.processesOf = processesOf
    }

    private static func unsupported(_ schema: Int) -> JSONReadError {
        JSONReadError.schema("unsupported schema \(schema) (this jailtop reads schema \(Snapshot.currentSchema))")
    }

    /// The top-level `schema`, when it is a whole number (only read after another error).
    private static func schemaNumber(in bytes: UnsafeRawBufferPointer) -> Int? {
        var r = JSONReader(bytes: bytes)
        guard var object = try? r.beginObject() else { return nil }
        let keys = JSONKeyTable(["schema"])
        while let field = try? r.nextField(&object, keys) {
            if field == 0 { return try? r.int() }
        }
        return nil
    }
}

extension HostInfo: JSONReadable {
    static let jsonKeys = JSONKeyTable([
        "boottime", "cp_time", "cpu_percent", "hostname", "loadavg", "mem_used_bytes", "ncpu", "osrelease", "physmem_bytes", "processes",
        "racct",
    ])

    init(reading r: inout JSONReader) throws(JSONReadError) {
        let keys = Self.jsonKeys
        var object = try r.beginObject("HostInfo")
        self.init(hostname: nil, osrelease: nil, ncpu: nil, physmemBytes: nil, loadavg: nil, boottime: nil, racct: .absent)
        while let field = try r.nextField(&object, keys) {
            do throws(JSONReadError) {
                switch field {
                case 0: boottime = try r.optional(Double.self)
                case 1: cpTime = try r.consumeNull() ? nil : r.list(of: Int.self)
                case 2: cpuPercent = try r.optional(Double.self)
                case 3: hostname = try r.optional(String.self)
                case 4: loadavg = try r.consumeNull() ? nil : r.list(of: Double.self)
                case 5: memUsedBytes = try r.optional(Int.self)
                case 6: ncpu = try r.optional(Int.self)
                case 7: osrelease = try r.optional(String.self)
                case 8: physmemBytes = try r.optional(Int.self)
                case 9: processCount = try r.optional(Int.self)
                default: racct = try r.strictEnum(RacctState.self)
                }
            } catch {
                throw error.inside(keys.names[field])
            }
        }
        try keys.requireAll([10], seen: object.seen)
    }
}

extension SourceIssue: JSONReadable {
    static let jsonKeys = JSONKeyTable(["message", "skipped_rows", "source"])

    init(reading r: inout JSONReader) throws(JSONReadError) {
        let keys = Self.jsonKeys
        var object = try r.beginObject("SourceIssue")
        var message = "", skipped: Int?, source = Source.jails
        while let field = try r.nextField(&object, keys) {
            do throws(JSONReadError) {
                switch field {
                case 0: message = try r.string()
                case 1: skipped = try r.optional(Int.self)
                default: source = try r.strictEnum(Source.self)
                }
            } catch {
                throw error.inside(keys.names[field])
            }
        }
        try keys.requireAll([2, 0], seen: object.seen)
        self.init(source: source, message: message, skippedRows: skipped)
    }
}

extension RecordingHeader {
    static let jsonKeys = JSONKeyTable(["created", "host", "interval_s", "jailtop_recording"])

    public init(jsonLine data: Data) throws(JSONReadError) {
        let result = data.withUnsafeBytes { bytes in Result { () throws(JSONReadError) in try RecordingHeader(jsonLine: bytes) } }
        self = try result.get()
    }

    /// Reads line 1 of a recording.
    /// - Throws: `JSONReadError` naming the field; `.notJSON` when the text is not JSON.
    public init(jsonLine bytes: UnsafeRawBufferPointer) throws(JSONReadError) {
        self = try JSONReader.read(bytes) { r throws(JSONReadError) in
            let keys = Self.jsonKeys
            var object = try r.beginObject("RecordingHeader")
            var header = RecordingHeader(host: "", intervalS: 0, created: 0)
            while let field = try r.nextField(&object, keys) {
                do throws(JSONReadError) {
                    switch field {
                    case 0: header.created = try r.double()
                    case 1: header.host = try r.string()
                    case 2: header.intervalS = try r.double()
                    default: header.jailtopRecording = try r.int()
                    }
                } catch {
                    throw error.inside(keys.names[field])
                }
            }
            try keys.requireAll([3, 1, 2, 0], seen: object.seen)
            return header
        }
    }

    /// Whether the line is an object whose `jailtop_recording` is a whole number: a header,
    /// perhaps of another version, rather than a sample or anything else.
    static func looksLikeHeader(_ data: Data) -> Bool {
        data.withUnsafeBytes { looksLikeHeader($0) }
    }

    static func looksLikeHeader(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let version = try? JSONReader.read(bytes) { r throws(JSONReadError) -> Int? in
            var object = try r.beginObject()
            var version: Int?
            let keys = JSONKeyTable(["jailtop_recording"])
            while let _ = try r.nextField(&object, keys) { version = try r.optional(Int.self) }
            return version
        }
        return version != nil
    }
}
