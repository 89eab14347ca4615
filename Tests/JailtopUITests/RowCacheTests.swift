import JailtopModel
import Testing

@testable import JailtopUI

/// The stored rows are built once per sample, sort or filter, never by moves or frames, and
/// the per-sample data the frame reads (state counts, history) follows the samples.
@Suite struct RowCacheTests {
    @Test func moveKeysAndFramesKeepTheStoredRows() {
        var state = UITest.state()
        let builds = state.rowBuilds
        UITest.press(&state, .down, .down, .up, .pageDown, .home)
        _ = Frame.render(state)
        // Another jail's processes are built once per selection; the jail rows never.
        #expect(state.rowBuilds.jails == builds.jails)
        #expect(state.storedJailRows?.inputs == state.jailRowsInputs)
        UITest.press(&state, .enter)
        let processBuilds = state.rowBuilds.processes
        UITest.press(&state, .down, .down, .end)
        _ = Frame.render(state)
        #expect(state.rowBuilds.processes == processBuilds)
        #expect(state.rowBuilds.jails == builds.jails)
    }

    @Test func aSampleRebuildsTheRowsOnce() {
        var state = UITest.state(samples: 2)
        let builds = state.rowBuilds
        _ = AppReducer.reduce(&state, .snapshot(UITest.demo.snapshots[2]))
        #expect(state.rowBuilds.jails == builds.jails + 1)
        #expect(state.rowBuilds.processes == builds.processes + 1)
        // What frames and keys read is the stored rows, not a rebuild.
        #expect(state.storedJailRows?.inputs == state.jailRowsInputs)
    }

    @Test func ratesFromKeptTimesMatchRatesFromTheSamples() throws {
        let a = UITest.demo.snapshots[0], b = UITest.demo.snapshots[1]
        let kept = SnapshotDelta(previous: a, current: b, times: (ProcessTimes(a.processes), ProcessTimes(b.processes)))
        let fresh = SnapshotDelta(previous: a, current: b)
        for p in b.processes { #expect(kept.cpuPercent(ofProcess: p.pid) == fresh.cpuPercent(ofProcess: p.pid)) }
        for j in b.jails { #expect(kept.rates(for: j) == fresh.rates(for: j)) }
    }

    @Test func headerCountsAndHistoryComeFromTheSample() throws {
        var state = UITest.state(samples: 3)
        let sample = try #require(state.snapshot)
        #expect(state.derived.jailStates[.running] == sample.jails.filter { $0.state == .running }.count)
        #expect(state.derived.jailStates[.stopped] == sample.jails.filter { $0.state == .stopped }.count)
        let running = sample.jails.filter { $0.state == .running }.compactMap(\.jid)
        #expect(Set(state.cpuHistory.keys) == Set(running))
        let jid = try #require(running.first)
        let length = state.cpuHistory[jid]?.count ?? 0
        _ = AppReducer.reduce(&state, .snapshot(UITest.demo.snapshots[3]))
        #expect(state.cpuHistory[jid]?.count == min(AppState.historyLength, length + 1))
    }

    @Test func historyKeepsItsLengthLimit() {
        var state = UITest.state(samples: 1)
        let first = UITest.demo.snapshots[0]
        for i in 1...(AppState.historyLength + 5) {
            var s = first
            s.time += Double(i) * 2
            _ = AppReducer.reduce(&state, .snapshot(s))
        }
        #expect(state.cpuHistory.values.allSatisfy { $0.count == AppState.historyLength })
    }
}
