import Foundation
import JailtopCollect
import JailtopModel
import JailtopTestSupport
import Testing

@testable import JailtopExport

/// Samples built in code for the renderer tests: a small host with one of everything, and
/// one whose every text field is hostile.
enum Fixtures {
    static let health = ExporterHealth(
        collections: 42, collectionFailures: 1, sourceErrors: [.usage: 3, .network: 1],
        lastCollectionDurationSeconds: 0.125, lastCollectionTimestamp: 1_764_518_400.5, lastCollectionSucceeded: true,
        version: "0.1.0")

    static let host = HostInfo(
        hostname: "h1.example.org", osrelease: "14.3-RELEASE", ncpu: 8, physmemBytes: 34_359_738_368,
        loadavg: [0.42, 0.38, 0.35], boottime: 1_764_400_000, racct: .enabled, cpuPercent: 12.5,
        memUsedBytes: 12_884_901_888)

    static func usage(_ base: Int) -> ResourceUsage {
        var u = ResourceUsage()
        for (i, r) in RacctResource.allCases.enumerated() { u[r] = base + i }
        u[.memoryuse] = 412_753_920
        u[.cputime] = 1843
        u[.pcpu] = 7
        return u
    }

    /// Running (racct, rules, VNET), stopped with a rule, a restarted jail whose old instance
    /// is dying, a jail with racct off, and a child jail `a.b`.
    static var small: Snapshot {
        let www = Jail(
            jid: 3, name: "www", hostname: "www.example.org", path: "/usr/local/jails/www", state: .running,
            osrelease: "14.3-RELEASE", ip4: ["192.0.2.10"], configured: true, racct: usage(100),
            rules: [
                RctlRule(subjectID: "www", resource: "memoryuse", action: .deny, amount: 2_147_483_648),
                RctlRule(subjectID: "www", resource: "pcpu", action: .deny, amount: 150),
                RctlRule(subjectID: "www", resource: "maxproc", action: .log, amount: 200, per: .user),
                RctlRule(subjectID: "www", resource: "memoryuse", action: .deny, amount: 2_147_483_648),
            ],
            summary: JailSummary(processes: 37, threads: 61, cpuPercent: 3.2, rssBytes: 400_000_000))
        let vpn = Jail(
            jid: 4, name: "vpn", hostname: "vpn.example.org", path: "/usr/local/jails/vpn", state: .running,
            osrelease: "14.3-RELEASE", vnet: true, configured: true, racct: usage(200),
            interfaces: [
                NetInterface(name: "epair4b", rxBytes: 123_456, txBytes: 654_321, rxPackets: 100, txPackets: 200),
                NetInterface(name: "lo0", rxBytes: 10, txBytes: 10, rxPackets: 1, txPackets: 1),
            ],
            summary: JailSummary(processes: 3, threads: 3, cpuPercent: 0.1, rssBytes: 9_000_000))
        let build = Jail(
            jid: nil, name: "build", path: "/usr/local/jails/build", state: .stopped, configured: true,
            rules: [RctlRule(subjectID: "build", resource: "readbps", action: .throttle, amount: 104_857_600)])
        let oldDB = Jail(jid: 5, name: "db", hostname: "db.example.org", path: "/usr/local/jails/db", state: .dying, osrelease: "14.2-RELEASE")
        let newDB = Jail(
            jid: 6, name: "db", hostname: "db.example.org", path: "/usr/local/jails/db", state: .running,
            osrelease: "14.3-RELEASE", configured: true, racct: nil,
            summary: JailSummary(processes: 12, threads: 40, cpuPercent: 55.5, rssBytes: 2_000_000_000))
        let child = Jail(
            jid: 7, name: "a.b", hostname: "b.a.example.org", path: "/j/a/b", state: .running, parent: 2,
            osrelease: "14.3-RELEASE", racct: nil, summary: JailSummary(processes: 1, threads: 1, cpuPercent: 0, rssBytes: 1_048_576))
        return Snapshot(time: 1_764_518_400.25, host: host, jails: [www, vpn, oldDB, newDB, child, build], processes: [])
    }

    /// Text no exporter should trust: quotes, backslashes, newlines, ESC sequences, CR, tabs,
    /// NUL, right-to-left marks and astral-plane Unicode in every label value.
    static let hostileNames = [
        "we\"ird", "back\\slash", "new\nline", "\u{1B}[31mred\u{1B}[0m", "tab\there", "cr\rhere",
        "nul\u{0}byte", "jäil-名前-🚀", "\u{202E}evil", "\\\"\n", "trailing\\", "{a=\"b\"}", "",
    ]

    static var hostile: Snapshot {
        var jails: [Jail] = []
        for (i, name) in hostileNames.enumerated() {
            jails.append(
                Jail(
                    jid: i + 1, name: name, hostname: "host \"\(i)\"\\\n\u{1B}]0;title\u{7}", path: "/j/\(name)\n/x",
                    state: .running, osrelease: "14.3\"RELEASE\\\n", vnet: true, racct: usage(i),
                    rules: [RctlRule(subjectID: name, resource: "memoryuse\"\n", action: RctlAction(rawValue: "deny\\"), amount: 1 << 30, per: .jail)],
                    interfaces: [NetInterface(name: "epair\(i)\"b\\\n", rxBytes: 1, txBytes: 2, rxPackets: 3, txPackets: 4)],
                    summary: JailSummary(processes: 1, threads: 2, cpuPercent: 0.5, rssBytes: 4096)))
        }
        var h = host
        h.hostname = "evil\"host\\\nname\u{1B}[2J"
        h.osrelease = "14.3-\u{0}RELEASE"
        return Snapshot(time: 1_764_518_400, host: h, jails: jails, processes: [])
    }

    /// The first sample of the built-in demo host (decoded once: the recording is 5.7 MB).
    static func demoSnapshot() throws -> Snapshot {
        try demoFirst.get()
    }

    private static let demoFirst: Result<Snapshot, any Error> = Result {
        guard let first = try DemoHost.recording().snapshots.first else { throw DemoHostEmpty() }
        return first
    }

    /// The demo recording has no samples.
    struct DemoHostEmpty: Error {}
}

/// Golden files under Snapshots/: compared byte for byte; `JAILTOP_RECORD_SNAPSHOTS=1`
/// (re)writes them instead.
/// The exporter's golden pages under Snapshots/ (`SnapshotFile`).
enum Golden {
    static func check(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        if let problem = try SnapshotFile(beside: #filePath, levelsUp: 1, name: name).mismatch(text) {
            Issue.record(Comment(rawValue: problem), sourceLocation: sourceLocation)
        }
    }
}
