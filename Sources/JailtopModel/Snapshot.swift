/// One sample of a host: its facts, every jail (running, dying, stopped) and every process,
/// stamped with the time it was taken. This is schema 1 of DESIGN.md §4; key names are a contract.
/// Recordings and `--json` go through `JSONWriter` and `JSONReader` (JSON/); the Codable
/// conformances stay as the reference those are tested against.
public struct Snapshot: Codable, Sendable, Equatable {
    /// The only schema this build reads and writes.
    public static let currentSchema = 1

    public var schema: Int
    /// Seconds since the epoch when the sample was taken. Rates use this, never the wall clock.
    public var time: Double
    public var host: HostInfo
    public var jails: [Jail]
    public var processes: [JailProcess]
    /// Sources that failed while this sample was taken; their parts of the sample are empty.
    public var errors: [SourceIssue]
    /// The `--host` argument of the host this sample came from over ssh (`snapshot --host h1
    /// --json`); nil for a sample of this host. Written only when set.
    public var remote: String?
    /// The JIDs whose processes `processes` holds when it holds only some (a stream asked for
    /// the jails a dashboard lists: `StreamRequest`); nil when it holds every process. Each
    /// jail's `summary` still counts all of its processes.
    public var processesOf: [Int]?

    public init(
        time: Double, host: HostInfo, jails: [Jail], processes: [JailProcess], errors: [SourceIssue] = []
    ) {
        self.schema = Snapshot.currentSchema
        self.time = time
        self.host = host
        self.jails = jails
        self.processes = processes
        self.errors = errors
    }

    enum CodingKeys: String, CodingKey {
        case schema, time, host, jails, processes, errors, remote
        case processesOf = "processes_of"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        schema = try c.decode(Int.self, forKey: .schema)
        guard schema == Snapshot.currentSchema else {
            throw DecodingError.dataCorruptedError(
                forKey: .schema, in: c,
                debugDescription: "unsupported schema \(schema) (this jailtop reads schema \(Snapshot.currentSchema))")
        }
        time = try c.decode(Double.self, forKey: .time)
        host = try c.decode(HostInfo.self, forKey: .host)
        jails = try c.decode([Jail].self, forKey: .jails)
        processes = try c.decode([JailProcess].self, forKey: .processes)
        errors = try c.decodeIfPresent([SourceIssue].self, forKey: .errors) ?? []
        remote = try c.decodeIfPresent(String.self, forKey: .remote)
        processesOf = try c.decodeIfPresent([Int].self, forKey: .processesOf)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(schema, forKey: .schema)
        try c.encode(time, forKey: .time)
        try c.encode(host, forKey: .host)
        try c.encode(jails, forKey: .jails)
        try c.encode(processes, forKey: .processes)
        if !errors.isEmpty { try c.encode(errors, forKey: .errors) }
        try c.encodeIfPresent(remote, forKey: .remote)
        try c.encodeIfPresent(processesOf, forKey: .processesOf)
    }
}

extension Snapshot {
    /// Processes on the host, host processes included: the host's count when `processes`
    /// holds only some of them (`processesOf`), else the list's length.
    public var processCount: Int { host.processCount ?? processes.count }

    /// The jail with this name, if the sample has one.
    public func jail(named name: String) -> Jail? {
        jails.first { $0.name == name }
    }

    /// The issue reported for a source in this sample, if that source failed.
    public func issue(for source: SourceIssue.Source) -> SourceIssue? {
        errors.first { $0.source == source }
    }
}
