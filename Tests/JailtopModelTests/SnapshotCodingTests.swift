import Foundation
import Testing

@testable import JailtopModel

/// Schema 1 (DESIGN.md §4) is a contract: a literal document must decode to the expected
/// values and encode back to the same JSON.
@Suite struct SnapshotCodingTests {
    static let literal = """
        {"schema":1, "time":1764518400.25,
         "host":{"hostname":"h1","osrelease":"14.3-RELEASE","ncpu":8,"physmem_bytes":34359738368,
                 "loadavg":[0.42,0.38,0.35],"boottime":1764400000,"racct":"enabled",
                 "cpu_percent":12.5,"mem_used_bytes":123},
         "jails":[{"jid":3,"name":"www","hostname":"www.example.org","path":"/usr/local/jails/www",
           "state":"running","parent":0,"osrelease":"14.3-RELEASE","vnet":false,
           "ip4":["192.0.2.10"],"ip6":[],"configured":true,
           "params":{"securelevel":"-1","persist":true,"ip4.addr":["192.0.2.10"]},
           "racct":{"cputime":1843,"memoryuse":412753920},
           "rules":[{"rule":"jail:www:memoryuse:deny=2147483648","resource":"memoryuse",
                     "action":"deny","amount":2147483648,"per":"jail"}],
           "interfaces":[{"name":"epair10b","rx_bytes":1,"tx_bytes":2,"rx_packets":3,"tx_packets":4}],
           "summary":{"processes":37,"threads":61,"cpu_percent":3.2,"rss_bytes":412753920}},
          {"jid":null,"name":"build","hostname":"","path":"/j/build","state":"stopped","parent":0,
           "osrelease":"","vnet":false,"ip4":[],"ip6":[],"configured":true,"params":{},"racct":null,
           "rules":[],"interfaces":[],"summary":{"processes":0,"threads":0,"cpu_percent":0,"rss_bytes":0}}],
         "processes":[{"pid":4242,"ppid":4101,"jid":3,"uid":80,"user":"www","cpu_percent":1.3,
           "mem_percent":0.4,"rss_bytes":33554432,"vsz_bytes":115040256,"cpu_time_s":133.45,
           "elapsed_s":86000,"state":"SJ","threads":1,"priority":20,"nice":0,
           "command":"nginx","args":"nginx: worker process"}]}
        """

    @Test func decodesEveryField() throws {
        let s = try JSONDecoder().decode(Snapshot.self, from: Data(Self.literal.utf8))
        #expect(s.schema == 1)
        #expect(s.time == 1764518400.25)
        #expect(s.host.physmemBytes == 34_359_738_368)
        #expect(s.host.loadavg == [0.42, 0.38, 0.35])
        #expect(s.host.racct == .enabled)
        #expect(s.jails.count == 2)
        let www = s.jails[0]
        #expect(www.jid == 3 && www.state == .running && www.ip4 == ["192.0.2.10"])
        #expect(www.params["persist"] == .bool(true))
        #expect(www.params["securelevel"] == .string("-1"))
        #expect(www.params["ip4.addr"] == .list(["192.0.2.10"]))
        #expect(www.racct?[.memoryuse] == 412_753_920)
        #expect(www.rules.first?.amount == 2_147_483_648)
        #expect(www.rules.first?.subjectID == "www")
        #expect(www.interfaces.first?.txPackets == 4)
        #expect(www.summary.threads == 61)
        #expect(s.jails[1].jid == nil && s.jails[1].racct == nil && s.jails[1].state == .stopped)
        let p = try #require(s.processes.first)
        #expect(p.pid == 4242 && p.ppid == 4101 && p.jid == 3 && p.uid == 80)
        #expect(p.cpuTimeS == 133.45 && p.elapsedS == 86000 && p.vszBytes == 115_040_256)
        #expect(p.args == "nginx: worker process")
    }

    @Test func roundTripsToTheSameJSON() throws {
        let s = try JSONDecoder().decode(Snapshot.self, from: Data(Self.literal.utf8))
        let encoded = try RecordingEncoding.line(s)
        let original = try JSONSerialization.jsonObject(with: Data(Self.literal.utf8)) as? NSDictionary
        let again = try JSONSerialization.jsonObject(with: encoded) as? NSDictionary
        #expect(original == again)
        let text = String(decoding: encoded, as: UTF8.self)
        #expect(text.contains("\"jid\":null"))
        #expect(text.contains("\"racct\":null"))
    }

    /// The numbers FreeBSD keeps in 32 bits are kept so (`JailProcess.Limits`, 136 bytes a
    /// process): a sample with one outside them is refused by both readers, naming the field,
    /// never stored clamped or wrapped.
    @Test(arguments: [
        ("\"pid\":4242", "\"pid\":2147483648", "processes[0].pid"),
        ("\"jid\":3,\"uid\"", "\"jid\":-1,\"uid\"", "processes[0].jid"),
        ("\"uid\":80", "\"uid\":-2", "processes[0].uid"),
        ("\"uid\":80", "\"uid\":4294967295", "processes[0].uid"),
        ("\"threads\":1", "\"threads\":-1", "processes[0].threads"),
        ("\"nice\":0", "\"nice\":40000", "processes[0].nice"),
    ])
    func processNumbersOutsideTheirLimitsAreRefused(find: String, replace: String, field: String) throws {
        let broken = Self.literal.replacingOccurrences(of: find, with: replace)
        #expect(broken != Self.literal)
        #expect(throws: (any Error).self) { try JSONDecoder().decode(Snapshot.self, from: Data(broken.utf8)) }
        do {
            _ = try JSONDecoder().decode(Snapshot.self, from: Data(broken.utf8))
        } catch {
            #expect(DecodingErrorDescription.describe(error).field == field)
        }
        do throws(JSONReadError) {
            _ = try Snapshot(jsonLine: Data(broken.utf8))
            Issue.record("the fast reader took \(replace)")
        } catch {
            #expect(error.field == field)
            #expect(error.message.contains("from "), "\(error.message)")
        }
    }

    /// The limits themselves, and the unknown uid (-1), read back as written by both readers.
    @Test func processNumbersAtTheirLimitsRoundTrip() throws {
        #expect(MemoryLayout<JailProcess>.stride == 136)
        var s = try JSONDecoder().decode(Snapshot.self, from: Data(Self.literal.utf8))
        s.processes[0].pid = Int(Int32.max)
        s.processes[0].uid = -1
        s.processes[0].nice = Int(Int16.min)
        s.processes[0].priority = Int(Int16.max)
        s.processes.append(s.processes[0])
        s.processes[1].uid = Int(UInt32.max) - 1
        s.processes[1].jid = 0
        let line = try RecordingEncoding.line(s)
        #expect(try Snapshot(jsonLine: line) == s)
        #expect(try JSONDecoder().decode(Snapshot.self, from: line) == s)
        #expect(String(decoding: line, as: UTF8.self).contains("\"uid\":-1,"))
        // Set from code beyond them, a value is clamped, never wrapped.
        var p = s.processes[0]
        p.pid = Int(Int32.max) + 1
        p.threads = -5
        p.uid = Int(UInt32.max) + 7
        #expect(p.pid == Int(Int32.max) && p.threads == 0 && p.uid == Int(UInt32.max) - 1)
    }

    /// A managed jail's `manager`, `manager_name` and `manager_info` (issue 14), read back by
    /// both readers as written; a plain jail has none of them.
    @Test func managedJailsRoundTrip() throws {
        var s = try JSONDecoder().decode(Snapshot.self, from: Data(Self.literal.utf8))
        s.jails[0].managedBy = ManagedBy(
            manager: "iocage", name: "www.1", boot: true, priority: 20, tags: ["a"], notes: "n", release: "14.3-RELEASE", config: "/c")
        s.jails[1].managedBy = ManagedBy(manager: "bastille", name: "build", conflict: "the name build is held by running JID 9 at /x")
        let line = try RecordingEncoding.line(s)
        let text = String(decoding: line, as: UTF8.self)
        #expect(text.contains(#""jid":3,"manager":"iocage","manager_info":{"boot":true,"config":"/c","notes":"n","priority":20,"release":"14.3-RELEASE","tags":["a"]},"manager_name":"www.1","name":"www""#))
        #expect(text.contains(#""manager_info":{"boot":null,"conflict":"the name build is held by running JID 9 at /x","config":null,"notes":null,"priority":null,"release":null,"tags":[]}"#))
        #expect(try Snapshot(jsonLine: line) == s)
        #expect(try JSONDecoder().decode(Snapshot.self, from: line) == s)
        // A reader given only the two names (a script's own JSON) fills the rest as unknown.
        let short = text.replacingOccurrences(of: #","manager_info":{"boot":true,"config":"/c","notes":"n","priority":20,"release":"14.3-RELEASE","tags":["a"]}"#, with: "")
        #expect(try Snapshot(jsonLine: Data(short.utf8)).jails[0].managedBy == ManagedBy(manager: "iocage", name: "www.1"))
    }

    /// A sample that holds only some processes (`processes_of`) says how many the host has,
    /// as `host.processes`, read back by both readers; a whole sample leaves it out.
    @Test func theHostsProcessCountRoundTripsWhenTheListIsPartial() throws {
        var s = try JSONDecoder().decode(Snapshot.self, from: Data(Self.literal.utf8))
        #expect(s.host.processCount == nil && s.processCount == 1)
        #expect(!String(decoding: try RecordingEncoding.line(s), as: UTF8.self).contains(#""processes":1"#))
        s.processes = []
        s.processesOf = []
        s.host.processCount = 5123
        #expect(s.processCount == 5123)
        let line = try RecordingEncoding.line(s)
        #expect(String(decoding: line, as: UTF8.self).contains(#""physmem_bytes":34359738368,"processes":5123,"racct":"enabled""#))
        #expect(try Snapshot(jsonLine: line) == s)
        #expect(try JSONDecoder().decode(Snapshot.self, from: line) == s)
    }

    @Test(arguments: [
        ("\"state\":\"running\",\"parent\"", "\"state\":\"up\",\"parent\"", "jails[0].state", "expected one of running|dying|stopped|unknown, got \"up\""),
        ("\"schema\":1", "\"schema\":2", "schema", "unsupported schema 2"),
        ("\"ncpu\":8", "\"ncpu\":\"8\"", "host.ncpu", "expected a whole number"),
        ("\"pid\":4242,", "", "processes[0].pid", "missing"),
        ("\"racct\":\"enabled\"", "\"racct\":\"on\"", "host.racct", "expected one of enabled|disabled|absent, got \"on\""),
        ("{\"jid\":3,", "{\"jid\":null,", "jails[0].jid", "a running jail needs a JID"),
    ])
    func malformedFieldsAreNamed(find: String, replace: String, field: String, message: String) throws {
        let broken = Self.literal.replacingOccurrences(of: find, with: replace)
        #expect(broken != Self.literal)
        do {
            _ = try JSONDecoder().decode(Snapshot.self, from: Data(broken.utf8))
            Issue.record("decoding should have failed")
        } catch {
            let (f, m) = DecodingErrorDescription.describe(error)
            #expect(f == field)
            #expect(m.contains(message), "\(m)")
        }
    }
}
