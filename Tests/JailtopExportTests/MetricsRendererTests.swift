import Foundation
import JailtopModel
import Testing

@testable import JailtopExport

@Suite("MetricsRenderer")
struct MetricsRendererTests {
    let renderer = MetricsRenderer()

    @Test("a small host matches its golden file")
    func smallGolden() throws {
        let text = renderer.render(Fixtures.small, health: Fixtures.health)
        _ = try ExpositionParser(text)
        try Golden.check(text, named: "small-host.prom")
    }

    @Test("the demo host matches its golden file")
    func demoGolden() throws {
        let text = renderer.render(try Fixtures.demoSnapshot(), health: Fixtures.health)
        _ = try ExpositionParser(text)
        try Golden.check(text, named: "demo-host.prom")
    }

    @Test("every racct resource has jail_exporter's name, type and a HELP line")
    func racctNames() throws {
        let parsed = try ExpositionParser(renderer.render(Fixtures.small, health: Fixtures.health))
        let expected: [String: String] = [
            "jail_cputime_seconds_total": "counter", "jail_wallclock_seconds_total": "counter",
            "jail_datasize_bytes": "gauge", "jail_stacksize_bytes": "gauge", "jail_coredumpsize_bytes": "gauge",
            "jail_memoryuse_bytes": "gauge", "jail_memorylocked_bytes": "gauge", "jail_maxproc": "gauge",
            "jail_openfiles": "gauge", "jail_vmemoryuse_bytes": "gauge", "jail_pseudoterminals": "gauge",
            "jail_swapuse_bytes": "gauge", "jail_nthr": "gauge", "jail_msgqqueued": "gauge", "jail_msgqsize_bytes": "gauge",
            "jail_nmsgq": "gauge", "jail_nsem": "gauge", "jail_nsemop": "gauge", "jail_nshm": "gauge",
            "jail_shmsize_bytes": "gauge", "jail_pcpu_used": "gauge", "jail_readbps": "gauge", "jail_writebps": "gauge",
            "jail_readiops": "gauge", "jail_writeiops": "gauge",
        ]
        #expect(expected.count == RacctResource.allCases.count)
        for (name, type) in expected {
            #expect(parsed.types[name] == type, "\(name)")
            #expect(parsed.helps[name]?.isEmpty == false, "\(name)")
        }
        // Values are rctl's raw numbers, already in base units.
        #expect(parsed.value("jail_memoryuse_bytes", ["name": "www"]) == 412_753_920)
        #expect(parsed.value("jail_cputime_seconds_total", ["name": "www"]) == 1843)
        #expect(parsed.value("jail_pcpu_used", ["name": "vpn"]) == 7)
    }

    @Test("states: up, dying, info; a restarted jail is exported once, from its running instance")
    func states() throws {
        let p = try ExpositionParser(renderer.render(Fixtures.small, health: Fixtures.health))
        #expect(p.value("jail_up", ["name": "www"]) == 1)
        #expect(p.value("jail_up", ["name": "build"]) == 0)
        #expect(p.value("jail_dying", ["name": "build"]) == 0)
        #expect(p.value("jail_up", ["name": "db"]) == 1)
        #expect(p.value("jail_dying", ["name": "db"]) == 1)
        #expect(p.samples(named: "jail_up").count == 5)
        #expect(p.value("jail_num") == 4)
        #expect(p.value("jail_id", ["name": "db"]) == 6)
        let info = p.samples(named: "jail_info").first { $0.labels["name"] == "vpn" }
        #expect(info?.labels == ["name": "vpn", "jid": "4", "hostname": "vpn.example.org", "osrelease": "14.3-RELEASE", "vnet": "true", "path": "/usr/local/jails/vpn"])
        #expect(!p.samples(named: "jail_info").contains { $0.labels["name"] == "build" })
        #expect(p.value("jailtop_jails", ["state": "dying"]) == 1)
        #expect(p.value("jailtop_jails", ["state": "running"]) == 4)
        #expect(p.value("jailtop_jails", ["state": "stopped"]) == 1)
    }

    @Test("ps metrics report jails without racct; racct metrics only where racct has numbers")
    func racctOff() throws {
        let p = try ExpositionParser(renderer.render(Fixtures.small, health: Fixtures.health))
        #expect(p.value("jail_memoryuse_bytes", ["name": "db"]) == nil)
        #expect(p.value("jail_rss_bytes", ["name": "db"]) == 2_000_000_000)
        #expect(p.value("jail_processes", ["name": "db"]) == 12)
        #expect(p.value("jail_threads", ["name": "db"]) == 40)
        #expect(p.value("jail_cpu_percent", ["name": "db"]) == 55.5)
        #expect(p.value("jail_processes", ["name": "build"]) == nil)
    }

    @Test("rules: value in base units, labels resource/action/per, duplicates once")
    func rules() throws {
        let p = try ExpositionParser(renderer.render(Fixtures.small, health: Fixtures.health))
        #expect(p.value("jail_rctl_limit", ["name": "www", "resource": "memoryuse", "action": "deny", "per": "jail"]) == 2_147_483_648)
        #expect(p.value("jail_rctl_limit", ["name": "www", "resource": "maxproc", "action": "log", "per": "user"]) == 200)
        #expect(p.value("jail_rctl_limit", ["name": "build", "resource": "readbps", "action": "throttle", "per": "jail"]) == 104_857_600)
        #expect(p.samples(named: "jail_rctl_limit").count == 4)
    }

    @Test("network counters for VNET jails, per interface")
    func network() throws {
        let p = try ExpositionParser(renderer.render(Fixtures.small, health: Fixtures.health))
        #expect(p.types["jail_network_receive_bytes_total"] == "counter")
        #expect(p.value("jail_network_receive_bytes_total", ["name": "vpn", "interface": "epair4b"]) == 123_456)
        #expect(p.value("jail_network_transmit_bytes_total", ["name": "vpn", "interface": "epair4b"]) == 654_321)
        #expect(p.value("jail_network_transmit_packets_total", ["name": "vpn", "interface": "lo0"]) == 1)
        #expect(p.samples(named: "jail_network_receive_bytes_total").count == 2)
    }

    @Test("a jail that is gone disappears from the output")
    func goneJail() throws {
        var later = Fixtures.small
        later.jails.removeAll { $0.name == "www" }
        let text = renderer.render(later, health: Fixtures.health)
        _ = try ExpositionParser(text)
        #expect(!text.contains("name=\"www\""))
        #expect(renderer.render(Fixtures.small, health: Fixtures.health).contains("name=\"www\""))
    }

    @Test("a failed source leaves its metrics out instead of reporting zeros")
    func failedSources() throws {
        var s = Fixtures.small
        s.errors = [SourceIssue(source: .processes, message: "ps timed out"), SourceIssue(source: .network, message: "x"),
                    SourceIssue(source: .host, message: "sysctl failed")]
        // What the collector makes of a failed sysctl: every host fact unknown.
        s.host = HostInfo(hostname: nil, osrelease: nil, ncpu: nil, physmemBytes: nil, loadavg: nil, boottime: nil, racct: .enabled)
        let p = try ExpositionParser(renderer.render(s, health: Fixtures.health))
        #expect(p.samples(named: "jail_processes").isEmpty)
        #expect(p.samples(named: "jail_rss_bytes").isEmpty)
        #expect(p.samples(named: "jail_network_receive_bytes_total").isEmpty)
        #expect(p.value("jailtop_host_cpus") == nil)
        #expect(p.value("jailtop_host_memory_bytes") == nil)
        #expect(p.value("jailtop_host_boot_time_seconds") == nil)
        #expect(p.value("jailtop_host_load1") == nil)
        #expect(p.value("jailtop_host_info", ["racct": "enabled"]) == 1)
        #expect(p.value("jailtop_host_racct_enabled") == 1)
        #expect(p.value("jail_memoryuse_bytes", ["name": "www"]) == 412_753_920)
    }

    @Test("a source that lost only some rows keeps the rest of its metrics")
    func partialSources() throws {
        var s = Fixtures.small
        s.errors = [SourceIssue(source: .processes, message: "1 row unreadable: ps: line 7: etimes", skippedRows: 1)]
        let p = try ExpositionParser(renderer.render(s, health: Fixtures.health))
        #expect(!p.samples(named: "jail_processes").isEmpty)
        #expect(!p.samples(named: "jail_cpu_percent").isEmpty)
    }

    @Test("a failed jls exports no jail_up or jail_num rather than zeros")
    func unknownJailStates() throws {
        var s = Fixtures.small
        for i in s.jails.indices where s.jails[i].configured {
            s.jails[i].state = .unknown
            s.jails[i].jid = nil
        }
        s.jails.removeAll { !$0.configured }
        s.errors = [SourceIssue(source: .jails, message: "jls timed out")]
        let p = try ExpositionParser(renderer.render(s, health: Fixtures.health))
        #expect(p.samples(named: "jail_up").isEmpty)
        #expect(p.samples(named: "jail_dying").isEmpty)
        #expect(p.samples(named: "jail_num").isEmpty)
    }

    @Test("without the jail list (jls failed) no jail counts by state; limits, host and health stay")
    func jailListFailed() throws {
        // What the collector makes when jls fails: the configured jails, their states unknown.
        var s = Fixtures.small
        s.jails = s.jails.filter { $0.configured }.map { jail in
            var unknown = jail
            unknown.state = .unknown
            unknown.jid = nil
            unknown.racct = nil
            unknown.interfaces = []
            return unknown
        }
        s.errors = [SourceIssue(source: .jails, message: "jls exited 1")]
        #expect(MetricsRenderer.jailListFailed(s))
        let p = try ExpositionParser(renderer.render(s, health: Fixtures.health))
        for family in ["jail_up", "jail_dying", "jail_info", "jail_id", "jail_num", "jailtop_jails"] {
            #expect(p.samples(named: family).isEmpty, "\(family)")
        }
        #expect(p.value("jail_rctl_limit", ["name": "build", "resource": "readbps", "action": "throttle", "per": "jail"]) == 104_857_600)
        #expect(p.value("jailtop_host_cpus") == 8)
        #expect(p.value("jailtop_collections_total") == 42)
        // Even a sample whose jails are shown stopped (an older recording) exports no jail as down.
        s.jails = s.jails.map { jail in
            var stopped = jail
            stopped.state = .stopped
            return stopped
        }
        #expect(try ExpositionParser(renderer.render(s, health: Fixtures.health)).samples(named: "jail_up").isEmpty)

        // Rows skipped by the parser are not a failed list: those jails are still exported.
        s = Fixtures.small
        s.errors = [SourceIssue(source: .jails, message: "1 jail entry skipped", skippedRows: 1)]
        #expect(!MetricsRenderer.jailListFailed(s))
        let partial = try ExpositionParser(renderer.render(s, health: Fixtures.health))
        #expect(partial.value("jail_up", ["name": "www"]) == 1)
        #expect(partial.value("jail_num") == 4)
        #expect(partial.value("jailtop_jails", ["state": "running"]) == 4)
    }

    @Test("without a sample only the exporter's own metrics are written")
    func noSnapshot() throws {
        var health = Fixtures.health
        health.lastCollectionSucceeded = false
        let p = try ExpositionParser(renderer.render(nil, health: health))
        #expect(!p.samples.contains { $0.name.hasPrefix("jail_") })
        #expect(p.value("jailtop_last_collection_success") == 0)
        #expect(p.value("jailtop_collections_total") == 42)
        #expect(p.value("jailtop_collection_failures_total") == 1)
        #expect(p.value("jailtop_collector_errors_total", ["source": "usage"]) == 3)
        #expect(p.value("jailtop_collector_errors_total", ["source": "jails"]) == 0)
        #expect(p.samples(named: "jailtop_collector_errors_total").count == SourceIssue.Source.allCases.count)
        #expect(p.value("jailtop_collection_duration_seconds") == 0.125)
        #expect(p.value("jailtop_last_collection_timestamp_seconds") == 1_764_518_400.5)
    }

    @Test("hostile text in every label gives valid output that round-trips")
    func hostile() throws {
        let text = renderer.render(Fixtures.hostile, health: Fixtures.health)
        let p = try ExpositionParser(text)
        // Only escaped newlines: every line is a HELP, TYPE or whole sample line.
        let names = Set(p.samples(named: "jail_up").compactMap { $0.labels["name"] })
        #expect(names == Set(Fixtures.hostileNames))
        for (i, name) in Fixtures.hostileNames.enumerated() {
            let info = p.samples(named: "jail_info").first { $0.labels["name"] == name }
            #expect(info?.labels["hostname"] == "host \"\(i)\"\\\n\u{1B}]0;title\u{7}")
            #expect(info?.labels["path"] == "/j/\(name)\n/x")
            #expect(p.value("jail_network_receive_bytes_total", ["name": name, "interface": "epair\(i)\"b\\\n"]) == 1)
            #expect(p.value("jail_rctl_limit", ["name": name, "resource": "memoryuse\"\n", "action": "deny\\", "per": "jail"]) == Double(1 << 30))
        }
        let host = p.samples(named: "jailtop_host_info").first
        #expect(host?.labels["hostname"] == "evil\"host\\\nname\u{1B}[2J")
        #expect(!text.contains("\r\n"))
    }

    @Test("label escaping and number formatting")
    func escaping() {
        #expect(MetricsText.escapeLabelValue(#"a"b\c"#) == #"a\"b\\c"#)
        #expect(MetricsText.escapeLabelValue("a\nb") == #"a\nb"#)
        #expect(MetricsText.escapeLabelValue("plain") == "plain")
        #expect(MetricsText.escapeLabelValue("\u{1B}é") == "\u{1B}é")
        #expect(MetricsText.escapeHelp("a\\b\nc\"") == "a\\\\b\\nc\"")
        #expect(MetricsText.format(3) == "3")
        #expect(MetricsText.format(-0.0) == "0")
        #expect(MetricsText.format(0.125) == "0.125")
        #expect(MetricsText.format(1e20) == "1e+20")
        #expect(MetricsText.format(.infinity) == "+Inf")
        #expect(MetricsText.format(-.infinity) == "-Inf")
        #expect(MetricsText.format(.nan) == "NaN")
    }

    @Test("output is the same whatever order the collector lists jails in")
    func orderIndependent() {
        var shuffled = Fixtures.small
        shuffled.jails.reverse()
        #expect(renderer.render(shuffled, health: Fixtures.health) == renderer.render(Fixtures.small, health: Fixtures.health))
    }
}
