import Foundation

@testable import JailtopModel

/// Snapshots that exercise every member of schema 1: each optional present, each absent, and
/// text that needs escaping, for the writer and reader tests.
enum SnapshotSamples {
    /// SnapshotCodingTests' literal document, decoded by the old path.
    static let literal: Snapshot = {
        do {
            return try JSONDecoder().decode(Snapshot.self, from: Data(SnapshotCodingTests.literal.utf8))
        } catch {
            fatalError("the literal no longer decodes: \(error)")
        }
    }()

    static let process = JailProcess(
        pid: 4242, ppid: 4101, jid: 3, uid: 80, user: "www", cpuPercent: 1.3, memPercent: 0.4, rssBytes: 33_554_432,
        vszBytes: 115_040_256, cpuTimeS: 133.45, elapsedS: 86000, state: "SJ", threads: 1, priority: 20, nice: -5,
        command: "ngi\"nx", args: JSONWriterTests.adversarialStrings.joined(separator: " "))

    static let everyOptionalFilled = Snapshot(
        time: 1_764_518_400.125,
        host: HostInfo(
            hostname: "h1 😀", osrelease: "14.3-RELEASE", ncpu: 8, physmemBytes: 34_359_738_368, loadavg: [0.42, 0.38, 0.35],
            boottime: 1_764_400_000.5, racct: .enabled, cpuPercent: 12.5, memUsedBytes: 123, cpTime: [100, 0, 50, 5, 845]),
        jails: [
            Jail(
                jid: 3, name: "www", hostname: "www.example.org", path: "/usr/local/jails/www", state: .running, parent: 1,
                osrelease: "14.3-RELEASE", vnet: true, ip4: ["192.0.2.10", "192.0.2.11"], ip6: ["2001:db8::1"], configured: true,
                params: [
                    "securelevel": .string("-1"), "persist": .bool(true), "ip4.addr": .list(["192.0.2.10"]), "jid": .integer(3),
                    "a10": .string("x"), "a9": .string("y"), "B": .bool(false), "_": .list([]), "ä": .string("\u{2028}\"\\"),
                    "host.hostname": .string("www\texample"),
                ],
                racct: ResourceUsage(values: ["cputime": 1843, "memoryuse": 412_753_920, "pcpu": 0]),
                rules: [
                    RctlRule(subjectID: "www", resource: "memoryuse", action: .deny, amount: 2_147_483_648),
                    RctlRule(subjectID: "www", resource: "pcpu", action: .signal("term"), amount: 50, per: .process),
                ],
                interfaces: [NetInterface(name: "epair10b", rxBytes: 1, txBytes: 2, rxPackets: 3, txPackets: 4)],
                summary: JailSummary(processes: 37, threads: 61, cpuPercent: 3.2, rssBytes: 412_753_920),
                racctTime: 1_764_518_399.75, interfacesTime: 1_764_518_399.875),
            Jail(jid: 9, name: "a.b", state: .unknown),
            Jail(jid: 4, name: "old", state: .dying, racct: ResourceUsage()),
        ],
        processes: [process],
        errors: [
            SourceIssue(source: .usage, message: "rctl: timed out", skippedRows: nil),
            SourceIssue(source: .processes, message: "3 lines skipped", skippedRows: 3),
        ])

    static let everyOptionalEmpty = Snapshot(
        time: 0,
        host: HostInfo(hostname: nil, osrelease: nil, ncpu: nil, physmemBytes: nil, loadavg: nil, boottime: nil, racct: .absent),
        jails: [Jail(jid: nil, name: "build", path: "/j/build", state: .stopped, configured: true)],
        processes: [])
}
