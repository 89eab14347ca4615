import Testing

@testable import JailtopModel

/// `ProcessTimes` keeps pid order whatever order the list came in, and rates from it match.
@Suite struct ProcessTimesTests {
    typealias D = SnapshotDeltaTests

    @Test func anUnsortedListIsOrderedByPIDAndMapsBack() {
        let list = [
            D.process(pid: 30, jid: 3, cpu: 1, elapsed: 10), D.process(pid: 10, jid: 3, cpu: 2, elapsed: 10),
            D.process(pid: 20, jid: 0, cpu: 3, elapsed: 10),
        ]
        let times = ProcessTimes(list)
        #expect(times.pids == [10, 20, 30])
        #expect((0..<3).map(times.position) == [1, 2, 0])
        #expect(times.entry(ofPID: 20) == 1)
        #expect(times.entry(ofPID: 25) == nil)
        #expect(ProcessTimes(list.sorted { $0.pid < $1.pid }).positions == nil)
    }

    @Test func ratesOfAnUnsortedSampleAreTheSortedOnes() throws {
        let old = [D.process(pid: 12, jid: 3, cpu: 1, elapsed: 100), D.process(pid: 11, jid: 4, cpu: 1, elapsed: 100)]
        let new = [
            D.process(pid: 13, jid: 3, cpu: 0.5, elapsed: 1), D.process(pid: 12, jid: 3, cpu: 2, elapsed: 102),
            D.process(pid: 11, jid: 4, cpu: 3, elapsed: 102),
        ]
        let a = D.sample(time: 100, processes: old), b = D.sample(time: 102, processes: new)
        let sorted = SnapshotDelta(
            previous: D.sample(time: 100, processes: old.sorted { $0.pid < $1.pid }),
            current: D.sample(time: 102, processes: new.sorted { $0.pid < $1.pid }))
        let delta = SnapshotDelta(previous: a, current: b, times: (ProcessTimes(a.processes), ProcessTimes(b.processes)))
        for pid in [11, 12, 13] { #expect(delta.cpuPercent(ofProcess: pid) == sorted.cpuPercent(ofProcess: pid)) }
        #expect(delta.cpuPercent(ofProcess: 12) == 50)
        // Jail 3: 1 s + 0.5 s of CPU in 2 s.
        #expect(try #require(delta.rates(forJID: 3)?.cpuPercent) == 75)
    }

    /// The index and the times the dashboard builds from one walk (`ProcessColumns`) are the
    /// ones built apart, in or out of pid order, with JIDs past the dense range too.
    @Test(arguments: [false, true])
    func oneWalkGivesTheIndexAndTheTimes(shuffled: Bool) {
        var list = (1...300).map { pid in
            D.process(pid: pid, jid: pid % 5 == 0 ? 0 : pid % 7 == 0 ? 999_999 : pid % 3 == 0 ? ProcessTotals.denseJIDs : pid % 11, cpu: Double(pid), elapsed: pid)
        }
        if shuffled { list.reverse() }
        let columns = ProcessColumns(list)
        let index = columns.index, apart = ProcessIndex(list)
        #expect(index.jids == apart.jids)
        #expect(index.jids.contains(999_999) && index.jids.contains(ProcessTotals.denseJIDs) && index.jids.first == 0)
        for jid in index.jids { #expect(Array(index.positions(ofJID: jid)) == Array(apart.positions(ofJID: jid)), "JID \(jid)") }
        #expect(index.jids.allSatisfy { jid in index.positions(ofJID: jid).allSatisfy { list[$0].jid == jid } })
        let times = columns.times, timesApart = ProcessTimes(list)
        #expect(times.pids == timesApart.pids && times.pids == Array(1...300))
        #expect(times.cpuTimes == timesApart.cpuTimes && times.elapsed == timesApart.elapsed)
        #expect(times.positions == timesApart.positions)
        #expect(shuffled ? times.positions != nil : times.positions == nil)
    }
}
