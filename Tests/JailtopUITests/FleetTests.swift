import JailtopActions
import JailtopModel
import Testing

@testable import JailtopUI

/// Issue 15 (3): the fleet dashboard's state: every host's jails in one table with a HOST
/// column, filters across hosts, the host filter, per-host health, stale rows, and the detail
/// tabs and actions following the selected jail's host.
@Suite struct FleetTests {
    /// A fleet of `hosts` that each sent the first `samples` demo samples (host h2's jails
    /// renamed, so the hosts can be told apart).
    static func fleet(_ hosts: [String] = ["h1", "h2", "h3"], samples: Int = 2, size: Size = Size(width: 120, height: 40)) -> AppState {
        var state = AppState(size: size, sourceDescription: "3 hosts over ssh", refreshInterval: 2)
        state.fleet = FleetState(hosts: hosts)
        for s in UITest.demo.snapshots.prefix(samples) {
            for host in hosts {
                var sample = s
                if host == "h2" { for i in sample.jails.indices { sample.jails[i].hostname = "h2-" + sample.jails[i].hostname } }
                _ = AppReducer.reduce(&state, .hostSample(host: host, sample))
            }
        }
        return state
    }

    @Test func everyHostsJailsAreListedWithTheirHost() throws {
        let state = Self.fleet()
        let rows = state.jailRows()
        let perHost = UITest.demo.snapshots[1].jails.count
        #expect(rows.count == 3 * perHost)
        #expect(Set(rows.compactMap(\.jail.remote)) == ["h1", "h2", "h3"])
        // The same jail on three hosts: three rows, three selection keys.
        #expect(Set(rows.filter { $0.jail.name == "www" }.map(\.jail.selectionKey)).count == 3)
        let frame = Frame.render(state)
        let text = frame.trimmedLines.joined(separator: "\n")
        #expect(text.contains("HOST"))
        #expect(text.contains("Hosts: 3/3 ok"))
        // The header and the detail are the selected jail's host's.
        let selected = try #require(state.selectedJail(in: rows))
        #expect(text.contains("\(selected.remote ?? "?"): demo.jailtop.example"))
        #expect(text.contains("\(selected.name) on \(selected.remote ?? "?")"))
    }

    @Test func movingToAnotherHostsJailBringsItsSamplesOnScreen() throws {
        var state = Self.fleet()
        let rows = state.jailRows()
        let target = try #require(rows.firstIndex { $0.jail.remote == "h2" && $0.jail.name == "db" })
        let current = try #require(state.selectedJailIndex(in: rows))
        UITest.press(&state, target > current ? .down : .up)
        for _ in 0..<(abs(target - current) - 1) { UITest.press(&state, target > current ? .down : .up) }
        let jail = try #require(state.selectedJail(in: state.jailRows()))
        #expect(jail.remote == "h2" && jail.name == "db")
        #expect(state.fleet?.hosts[state.fleet?.focused ?? 0].label == "h2")
        #expect(state.snapshot?.jails.first?.hostname.hasPrefix("h2-") == true)
        // Its processes are h2's db's.
        let processes = state.processRows(of: jail)
        #expect(!processes.isEmpty)
        #expect(processes.allSatisfy { $0.process.jid == jail.jid })
    }

    @Test func theFilterSearchesEveryHostAndAtPicksOne() {
        var state = Self.fleet()
        UITest.press(&state, .character("\\"))
        UITest.type(&state, "www")
        UITest.press(&state, .enter)
        #expect(state.jailRows().compactMap(\.jail.remote).sorted() == ["h1", "h2", "h3"])
        UITest.press(&state, .escape)
        UITest.press(&state, .character("@"))
        #expect(state.fleet?.filter == "h1")
        #expect(state.jailRows().allSatisfy { $0.jail.remote == "h1" })
        #expect(state.message == "showing h1's jails only (@: next)")
        let text = Frame.render(state).trimmedLines.joined(separator: "\n")
        #expect(text.contains("[@h1]"))
        UITest.press(&state, .character("@"), .character("@"), .character("@"))
        #expect(state.fleet?.filter == nil)
        #expect(state.jailRows().count == 3 * UITest.demo.snapshots[1].jails.count)
    }

    @Test func aHostThatLostItsLinkKeepsItsLastRowsMarkedStale() {
        var state = Self.fleet()
        _ = AppReducer.reduce(&state, .hostHealth(host: "h3", .linkLost("Connection closed by remote host")))
        let rows = state.jailRows()
        #expect(rows.filter { $0.jail.remote == "h3" }.count == UITest.demo.snapshots[1].jails.count)
        #expect(rows.filter(\.stale).allSatisfy { $0.jail.remote == "h3" })
        #expect(rows.contains { $0.stale })
        let text = Frame.render(state).trimmedLines.joined(separator: "\n")
        #expect(text.contains("Hosts: 2/3 ok  h3 link lost  (h3: Connection closed by remote host)"))
        #expect(text.contains("h3!"))
        // Back: a sample makes it live again.
        _ = AppReducer.reduce(&state, .hostSample(host: "h3", UITest.demo.snapshots[2]))
        #expect(!state.jailRows().contains { $0.stale })
        #expect(state.fleet?.hosts[2].health == .ok)
    }

    @Test func aHostThatNeverAnsweredIsNamedWithWhy() {
        var state = Self.fleet(["h1", "h2"])
        state.fleet?.hosts.append(FleetState.Host(label: "bare"))
        _ = AppReducer.reduce(&state, .hostHealth(host: "bare", .notInstalled("no jailtop on bare; name it with --remote-command PATH")))
        let text = Frame.render(state).trimmedLines.joined(separator: "\n")
        #expect(text.contains("Hosts: 2/3 ok  bare not installed  (bare: no jailtop on bare"))
    }

    @Test func aHostWhoseJlsFailedIsNamedAlthoughItsLinkIsFine() {
        var state = Self.fleet()
        var broken = UITest.demo.snapshots[2]
        broken.jails = []
        broken.errors = [SourceIssue(source: .jails, message: "/usr/sbin/jls exited with status 1: jls: sysctl: Operation not permitted")]
        _ = AppReducer.reduce(&state, .hostSample(host: "h2", broken))
        #expect(state.fleet?.hosts[1].health == .ok)
        #expect(!state.jailRows().contains { $0.jail.remote == "h2" })
        let text = Frame.render(state).trimmedLines.joined(separator: "\n")
        #expect(text.contains("Hosts: 2/3 ok  h2 jails failing  (h2: jails: /usr/sbin/jls exited with status 1"))
        // A source short of some rows is not a failing host.
        var partial = UITest.demo.snapshots[2]
        partial.errors = [SourceIssue(source: .processes, message: "1 line skipped", skippedRows: 1)]
        _ = AppReducer.reduce(&state, .hostSample(host: "h2", partial))
        #expect(Frame.render(state).trimmedLines.joined(separator: "\n").contains("Hosts: 3/3 ok"))
    }

    @Test func anActionOnARemoteJailSaysWhereItRuns() throws {
        var state = Self.fleet()
        let rows = state.jailRows()
        let index = try #require(rows.firstIndex { $0.jail.remote == "h2" && $0.jail.state == .running })
        state.jails.selectedName = rows[index].jail.selectionKey
        state.refreshRows()
        let effects = AppReducer.reduce(&state, .key(.character("x")))
        guard case .confirm(let action, let notes)? = effects.first else {
            Issue.record("no confirmation: \(effects)")
            return
        }
        _ = AppReducer.reduce(&state, .confirmation(action, notes: notes, commands: .success([ToolCommand("ssh", ["h2", "--", "jailtop", "stop", "--", "x"])])))
        guard case .confirm(let c)? = state.overlay else {
            Issue.record("no dialog")
            return
        }
        #expect(c.notes.first?.hasPrefix("On h2, through ssh") == true)
    }

    @Test func samplesThatArriveTogetherRebuildTheRowsOnce() {
        var state = Self.fleet()
        let before = state.rowBuilds.jails
        let samples = ["h1", "h2", "h3"].map { HostSample(host: $0, snapshot: UITest.demo.snapshots[2]) }
        _ = AppReducer.reduce(&state, .hostSamples(samples))
        #expect(state.rowBuilds.jails == before + 1)
        #expect(state.fleet?.hosts.allSatisfy { $0.track.snapshot?.time == UITest.demo.snapshots[2].time } == true)
    }

    @Test func intervalKeysSayRemoteHostsKeepTheirPace() {
        var state = Self.fleet()
        let effects = AppReducer.reduce(&state, .key(.character("+")))
        #expect(effects.allSatisfy { if case .setInterval = $0 { false } else { true } })
        #expect(state.message?.contains("-d when jailtop starts") == true)
    }
}
