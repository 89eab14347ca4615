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
}
