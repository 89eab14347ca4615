import Foundation
import Testing

@testable import JailtopCollect
@testable import JailtopModel

/// Issue 15: the pure parts of reaching other hosts — the ssh argv, host names, what a
/// failed stream says about its host, the stream's header and requests.
@Suite struct RemoteTests {
    @Test func theStreamArgvIsTheSystemSshWithSharedConnectionsAndAQuotedRemoteCommand() throws {
        let ssh = SSHCommand(controlDirectory: "/tmp/jailtop-ssh-0")
        #expect(ssh.stream(try RemoteHost("admin@h1"), interval: 2) == [
            "ssh", "-o", "BatchMode=yes", "-o", "ServerAliveInterval=5", "-o", "ServerAliveCountMax=3", "-o", "ConnectTimeout=10",
            "-o", "ControlMaster=auto", "-o", "ControlPath=/tmp/jailtop-ssh-0/%C", "-o", "ControlPersist=60",
            "-T", "admin@h1", "--", "jailtop", "snapshot", "--stream", "--json", "-d", "2",
        ])
        #expect(ssh.stream(try RemoteHost("h1"), interval: 0.5).suffix(2) == ["-d", "0.5"])
        // No shared connections without the private directory.
        #expect(!SSHCommand(controlDirectory: nil).stream(try RemoteHost("h1"), interval: 2).contains { $0.hasPrefix("Control") })
        let custom = SSHCommand(environment: ["JAILTOP_SSH": " ssh  -F ./ssh_config "], remoteJailtop: "/opt/jail top/bin/jailtop", controlDirectory: nil)
        let argv = custom.remote(try RemoteHost("h2"), ["stop", "--", "web; rm -rf /"], terminal: true)
        #expect(argv.prefix(3) == ["ssh", "-F", "./ssh_config"])
        #expect(argv.contains("-t") && !argv.contains("-T"))
        #expect(argv.suffix(4) == ["'/opt/jail top/bin/jailtop'", "stop", "--", "'web; rm -rf /'"])
    }

    @Test(arguments: ["plain", "web; rm -rf /", "it's", "$(reboot)", "`id`", "a\"b", "-rf", "", " ", "tab\there", "new\nline", "ünï"])
    func theFarSidesShellReadsEachWordBackAsItWas(word: String) throws {
        let quoted = SSHCommand.quotedForShell(word)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "printf '%s' \(quoted)"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(String(decoding: data, as: UTF8.self) == word)
    }

    @Test func hostNamesThatSshWouldReadAsOptionsOrMoreAreRefused() throws {
        for good in ["h1", "admin@h1.example.org", "10.0.0.1", "[2001:db8::1]", "fe80::1%em0", "web_1-a"] {
            #expect(try RemoteHost(good).destination == good)
        }
        for bad in ["", "-oProxyCommand=sh", "a b", "a;b", "a@b@c", "admin@", "h1\n", "$(id)", String(repeating: "a", count: 256)] {
            #expect(throws: RemoteHostError.self, "\(bad)") { try RemoteHost(bad) }
        }
        let listed = try RemoteHost.list(fromFile: "hosts", contents: "# fleet\nh1\n\n  h2  # second\nh1\n")
        #expect(listed.map(\.destination) == ["h1", "h2"])
        #expect(throws: RemoteHostError("hosts:3: \"-x\" would be read by ssh as an option")) {
            try RemoteHost.list(fromFile: "hosts", contents: "h1\n\n-x\n")
        }
    }

    static func end(_ status: Int32?, _ stderr: String, cause: StreamProcess.End.Cause = .endOfStream) -> StreamProcess.End {
        StreamProcess.End(cause: cause, status: status, stderr: stderr)
    }

    @Test func aStreamThatEndedSaysWhyInItsHostsWords() throws {
        let h = try RemoteHost("h2")
        func health(_ end: StreamProcess.End, header: Bool = false) -> RemoteHealth {
            RemoteFailure.health(after: end, host: h, sawHeader: header, remoteJailtop: "jailtop")
        }
        #expect(health(Self.end(255, "admin@h2: Permission denied (publickey).\n")) == .authFailed("admin@h2: Permission denied (publickey)."))
        #expect(health(Self.end(255, "Host key verification failed.\n")).label == "auth failed")
        #expect(health(Self.end(127, "sh: 1: jailtop: not found\n"))
            == .notInstalled("no jailtop on h2 (sh: 1: jailtop: not found); name it with --remote-command PATH"))
        #expect(health(Self.end(2, "Error: Unknown option '--stream'\nUsage: jailtop snapshot …\n")).label == "too old")
        #expect(health(Self.end(255, "ssh: Could not resolve hostname h2: Name or service not known\n"))
            == .unreachable("ssh: Could not resolve hostname h2: Name or service not known"))
        #expect(health(Self.end(255, "")) == .unreachable("ssh ended before the stream began (exit status 255)"))
        #expect(health(Self.end(255, "Connection to h2 closed by remote host.\n"), header: true) == .linkLost("Connection to h2 closed by remote host."))
        #expect(health(Self.end(0, ""), header: true) == .linkLost("the stream ended (exit status 0)"))
        // Escape sequences from the far side never reach the header.
        #expect(health(Self.end(255, "\u{1b}[31mPermission denied\n")).reason?.contains("\u{1b}") == false)
    }

    @Test func theHeaderIsCheckedBeforeAnySample() throws {
        let h = try RemoteHost("h2")
        func problem(_ line: String) -> RemoteHealth? {
            Array(line.utf8).withUnsafeBytes { RemoteHostStream.headerProblem($0, host: h) }
        }
        #expect(problem(#"{"host":"h2.example.org","interval_s":2,"jailtop_stream":1,"version":"0.1.0","newer":true}"#) == nil)
        #expect(problem(#"{"jailtop_stream":2,"version":"9.0"}"#)
            == .tooOld("h2's jailtop 9.0 speaks stream protocol 2; this one reads 1: use the same jailtop on both sides"))
        #expect(problem("Usage: jailtop snapshot").map(\.label) == "too old")
        #expect(problem(#"{"schema":1}"#).map(\.label) == "too old")
    }

    @Test func aRequestScopesTheSampleToTheListedJailsProcesses() throws {
        let jails = [
            Jail(jid: 1, name: "www", state: .running, params: ["host.hostname": .string("www")], summary: JailSummary(processes: 2, threads: 2, cpuPercent: 50, rssBytes: 1)),
            Jail(jid: 2, name: "db", state: .running, params: ["host.hostname": .string("db")], summary: JailSummary(processes: 1, threads: 1, cpuPercent: 40, rssBytes: 1)),
        ]
        func process(_ pid: Int, jid: Int, cpu: Double) -> JailProcess {
            JailProcess(pid: pid, ppid: 1, jid: jid, uid: 0, user: "root", cpuPercent: 0, memPercent: 0, rssBytes: 0, vszBytes: 0,
                        cpuTimeS: cpu, elapsedS: 1000, state: "S", threads: 1, priority: 20, nice: 0, command: "x", args: "x")
        }
        let host = HostInfo(hostname: "h", osrelease: nil, ncpu: 1, physmemBytes: nil, loadavg: nil, boottime: nil, racct: .enabled)
        let first = Snapshot(time: 100, host: host, jails: jails, processes: [process(10, jid: 1, cpu: 1), process(11, jid: 1, cpu: 1), process(20, jid: 2, cpu: 5)])
        let second = Snapshot(time: 102, host: host, jails: jails, processes: [process(10, jid: 1, cpu: 2), process(11, jid: 1, cpu: 1), process(20, jid: 2, cpu: 6)])
        let all = StreamRequest(processesOf: nil).scoped(second, previous: first)
        #expect(all == second)
        let scoped = StreamRequest(processesOf: ["db"]).scoped(second, previous: first)
        #expect(scoped.processes.map(\.pid) == [20])
        #expect(scoped.processesOf == [2])
        // The host's count is every process's, not the ones sent (the dashboard's header).
        #expect(scoped.host.processCount == 3 && scoped.processCount == 3)
        #expect(all.host.processCount == nil && all.processCount == 3)
        #expect(scoped.jails.map(\.params.count) == [0, 1], "only the listed jail's parameters")
        // Each jail's CPU as measured here: www used 1 s over 2 s, db 1 s over 2 s.
        #expect(scoped.jails.map(\.summary.cpuPercent) == [50, 50])
        // On the dashboard's side, www's CPU is not taken from processes it was not sent.
        let previousScoped = StreamRequest(processesOf: ["db"]).scoped(first, previous: nil)
        let delta = SnapshotDelta(previous: previousScoped, current: scoped)
        #expect(delta.rates(for: scoped.jails[1])?.cpuPercent == 50)
        #expect(delta.rates(for: scoped.jails[0])?.cpuPercent == nil)
        #expect(JailFigures.cpuPercent(of: scoped.jails[0], delta: delta) == 50)
    }

    @Test func aRequestWidensWhenItAsksForProcessesNotSent() {
        let none = StreamRequest(processesOf: [])
        let www = StreamRequest(processesOf: ["www"])
        let every = StreamRequest(processesOf: nil)
        #expect(www.widens(none))
        #expect(every.widens(www))
        #expect(!none.widens(www), "asking for less is answered with the next sample")
        #expect(!www.widens(StreamRequest(processesOf: ["www", "db"])))
        #expect(!www.widens(every))
        #expect(!every.widens(every))
    }

    @Test func requestsAndScopedSamplesRoundTripThroughJSON() throws {
        let request = StreamRequest(processesOf: ["www", "a \"b\""])
        let line = try RecordingEncoding.bytes(request)
        #expect(String(decoding: line, as: UTF8.self) == #"{"processes_of":["www","a \"b\""]}"# + "\n")
        let read = try line.dropLast().withUnsafeBytes { try StreamRequest(jsonLine: $0) }
        #expect(read == request)
        let all = try Array(#"{"processes_of":null,"later":1}"#.utf8).withUnsafeBytes { try StreamRequest(jsonLine: $0) }
        #expect(all.processesOf == nil)
        var sample = Snapshot(time: 1, host: HostInfo(hostname: "h", osrelease: nil, ncpu: 1, physmemBytes: nil, loadavg: nil, boottime: nil, racct: .enabled), jails: [], processes: [])
        sample.remote = "h2"
        sample.processesOf = [3, 7]
        let text = try RecordingEncoding.bytes(sample)
        let back = try Snapshot(jsonLine: Data(text.dropLast()))
        #expect(back.remote == "h2" && back.processesOf == [3, 7])
        #expect(try JSONDecoder().decode(Snapshot.self, from: Data(text)) == back)
    }
}
