import Foundation
import Testing

@testable import JailtopModel

/// `snapshot` and `ps` run as processes, their output compared with expected text.
@Suite struct CLITests {
    static let small = CommandRunner.fixtures.appendingPathComponent("small.jsonl").path

    @Test func snapshotTableOnTheDemoHost() throws {
        let r = try CommandRunner.run(["snapshot"])
        #expect(r.status == 0 && r.stderr.isEmpty)
        try assertSnapshot(r.stdout, named: "snapshot-demo")
    }

    @Test func snapshotWithCountMeasuresCPUBetweenSamples() throws {
        let r = try CommandRunner.run(["snapshot", "--fixture", Self.small, "--count", "2"])
        #expect(r.status == 0)
        try assertSnapshot(r.stdout, named: "snapshot-small-count2")
    }

    @Test func snapshotJSONIsTheRecordedSample() throws {
        let r = try CommandRunner.run(["snapshot", "--json", "--fixture", Self.small])
        #expect(r.status == 0)
        let recorded = try String(contentsOfFile: Self.small, encoding: .utf8).split(separator: "\n")[1]
        let a = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? NSDictionary
        let b = try JSONSerialization.jsonObject(with: Data(recorded.utf8)) as? NSDictionary
        #expect(a != nil && a == b)
    }

    @Test func snapshotJSONForOneJail() throws {
        let r = try CommandRunner.run(["snapshot", "--json", "-J", "4", "--fixture", Self.small])
        let s = try JSONDecoder().decode(Snapshot.self, from: Data(r.stdout.utf8))
        #expect(s.jails.map(\.name) == ["db.main"])
        #expect(Set(s.processes.map(\.jid)) == [4])
    }

    @Test func psListsEveryProcessWithItsJailAndSanitizes() throws {
        let r = try CommandRunner.run(["ps", "--fixture", Self.small])
        #expect(r.status == 0)
        #expect(!r.stdout.contains("\u{1B}") && !r.stdout.contains("\u{202E}") && !r.stdout.contains("\u{07}"))
        try assertSnapshot(r.stdout, named: "ps-small")
    }

    @Test func psByJailNameJIDAndHost() throws {
        let byName = try CommandRunner.run(["ps", "-J", "www", "--fixture", Self.small])
        #expect(byName.stdout.split(separator: "\n").count == 4)
        let byJID = try CommandRunner.run(["ps", "-J", "3", "--fixture", Self.small])
        #expect(byJID.stdout == byName.stdout)
        let host = try CommandRunner.run(["ps", "-J", "0", "--fixture", Self.small])
        #expect(host.stdout.contains("/sbin/init") && !host.stdout.contains("nginx"))
        let unknown = try CommandRunner.run(["ps", "-J", "nope", "--fixture", Self.small])
        #expect(unknown.status == 1 && unknown.stdout.isEmpty)
        #expect(unknown.stderr == "jailtop: jail \"nope\" not found\n")
    }

    @Test func psAnswersForPIDsAndFailsOnUnknownOnes() throws {
        let r = try CommandRunner.run(["ps", "4242", "--fixture", Self.small])
        #expect(r.status == 0)
        #expect(r.stdout.split(separator: "\n").last?.hasPrefix("4242   3 www") == true)
        let missing = try CommandRunner.run(["ps", "4242", "31337", "--fixture", Self.small])
        #expect(missing.status == 1)
        #expect(missing.stdout.contains("4242"))
        #expect(missing.stderr == "jailtop: no process 31337\n")
    }

    @Test func psJSONCarriesJailNames() throws {
        let r = try CommandRunner.run(["ps", "--json", "4242", "1", "--fixture", Self.small])
        let rows = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]]
        #expect(rows?.count == 2)
        #expect(rows?[0]["jail"] as? String == "www")
        #expect(rows?[1]["jail"] is NSNull)
        #expect(rows?[0]["rss_bytes"] as? Int == 33_554_432)
    }

    @Test func malformedFixtureNamesLineAndField() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("jailtop-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let lines = try String(contentsOfFile: Self.small, encoding: .utf8).split(separator: "\n").map(String.init)
        let bad = dir.appendingPathComponent("bad.jsonl")
        try ([lines[0], lines[1], lines[2].replacingOccurrences(of: "\"cpu_percent\":25.0", with: "\"cpu_percent\":\"fast\"")])
            .joined(separator: "\n").write(to: bad, atomically: true, encoding: .utf8)
        let r = try CommandRunner.run(["snapshot", "--fixture", bad.path])
        #expect(r.status == 1 && r.stdout.isEmpty)
        #expect(r.stderr == "jailtop: \(bad.path):3: processes[3].cpu_percent: expected a number\n")
        let missing = try CommandRunner.run(["ps", "--fixture", dir.appendingPathComponent("none.jsonl").path])
        #expect(missing.status == 1 && missing.stderr.hasPrefix("jailtop: \(dir.path)/none.jsonl: "))
    }

    @Test func dashboardForAJailTheHostDoesNotHaveFailsLikeSnapshot() throws {
        let r = try CommandRunner.run(["-J", "nosuch"])
        #expect(r.status == 1)
        #expect(r.stderr == "jailtop: jail \"nosuch\" not found\n")
        #expect(r.stdout.isEmpty)
        let snapshot = try CommandRunner.run(["snapshot", "-J", "nosuch"])
        #expect(snapshot.status == 1 && snapshot.stderr == r.stderr)
        // A jail that exists gets as far as the terminal (there is none here).
        let www = try CommandRunner.run(["-J", "www"])
        #expect(!www.stderr.contains("not found"))
    }

    @Test func hugeSecondsAreUsageErrorsNotTraps() throws {
        for args in [["-d", "1e308"], ["snapshot", "-d", "1e308", "--count", "2"], ["snapshot", "--tool-timeout", "1e308"],
                     ["export", "--interval", "1e308", "--textfile", "/dev/null", "--once"], ["record", "-d", "nan", "--output", "/dev/null"]] {
            let r = try CommandRunner.run(args)
            #expect(r.status == 2, "\(args): \(r.status) \(r.stderr)")
            #expect(r.stderr.contains("must be from"), "\(args): \(r.stderr)")
        }
    }

    #if os(Linux)
    /// Issue 13: libmicrohttpd, and GnuTLS with it, is loaded by `jailtop export` when its
    /// server starts, not by every command (it was a quarter of a batch command's start-up). The
    /// dynamic loader lists what it loads (glibc's LD_DEBUG); a textfile export serves nothing.
    @Test func onlyTheServerLoadsTheHTTPLibrary() throws {
        for args in [["snapshot"], ["ps"], ["export", "--once", "--textfile", "/dev/null"]] {
            let r = try CommandRunner.run(args, environment: ["LD_DEBUG": "files"])
            #expect(r.status == 0, "\(args): \(r.stderr.suffix(300))")
            #expect(r.stderr.contains("file=libc.so"), "the loader's list is there")
            #expect(!r.stderr.contains("libmicrohttpd") && !r.stderr.contains("libgnutls"), "\(args)")
        }
    }
    #endif

    /// Issue 11 (10): a jail may be called `-rf`; `-J` takes the next word whatever it looks like.
    @Test func aJailNamedLikeAnOptionCanBeSelected() throws {
        let r = try CommandRunner.run(["snapshot", "-J", "-rf"])
        #expect(r.status == 1)
        #expect(r.stderr == "jailtop: jail \"-rf\" not found\n", "\(r.stderr)")
        let ps = try CommandRunner.run(["ps", "-J", "-rf"])
        #expect(ps.stderr.contains("jail \"-rf\" not found"), "\(ps.stderr)")
    }

    @Test func usageErrorsAreReported() throws {
        let r = try CommandRunner.run(["snapshot", "--count", "0"])
        #expect(r.status != 0 && r.stderr.contains("--count must be at least 1"))
        let host = try CommandRunner.run(["snapshot", "-J", "0"])
        #expect(host.status == 1 && host.stderr.contains("-J 0 means host processes"))
    }
}
