import JailtopReport
import Testing

@testable import JailtopModel
@testable import JailtopUI

/// Numbers from a tool or a file may be anything: every pane, the report and the rates must
/// draw them (clamped, or `?`) and never reach a trapping conversion. A trap here ends the test
/// process, so each case is its own test.
@Suite struct ExtremeValuesTests {
    static let doubles: [Double] = [1e300, -1e300, .infinity, -.infinity, .nan, 9.3e18, -0.0]
    static let integers: [Int] = [Int.max, Int.min, 0, -1]

    /// The demo's second sample with every number of every kind set to `d` or `n`.
    static func poisoned(_ d: Double, _ n: Int) -> (Snapshot, Snapshot) {
        let first = UITest.demo.snapshots[0]
        var s = UITest.demo.snapshots[1]
        s.time = d.isFinite ? d : s.time
        s.host.boottime = d
        s.host.cpuPercent = d
        s.host.loadavg = [d, d, d]
        s.host.physmemBytes = n
        s.host.memUsedBytes = n
        s.host.ncpu = n
        for i in s.processes.indices {
            s.processes[i].cpuPercent = d
            s.processes[i].memPercent = d
            s.processes[i].cpuTimeS = d
            s.processes[i].rssBytes = n
            s.processes[i].vszBytes = n
            s.processes[i].elapsedS = n
            s.processes[i].threads = n
            s.processes[i].priority = n
            s.processes[i].nice = n
        }
        for i in s.jails.indices {
            if var usage = s.jails[i].racct {
                for r in RacctResource.allCases { usage[r] = n }
                s.jails[i].racct = usage
            }
            // A limit of 0 is legal (rctl -a jail:db:memoryuse:log=0).
            s.jails[i].rules = s.jails[i].rules.map { var r = $0; r.amount = 0; return r }
            s.jails[i].summary.cpuPercent = d
            s.jails[i].summary.rssBytes = n
            for k in s.jails[i].interfaces.indices {
                s.jails[i].interfaces[k].rxBytes = n
                s.jails[i].interfaces[k].txBytes = n
            }
        }
        return (first, s)
    }

    static func drawEverything(_ first: Snapshot, _ sample: Snapshot) {
        var state = AppState(size: Size(width: 160, height: 50), sourceDescription: "demo", refreshInterval: 2)
        _ = AppReducer.reduce(&state, .snapshot(first))
        _ = AppReducer.reduce(&state, .snapshot(sample))
        for tab in AppState.DetailTab.allCases {
            state.tab = tab
            for name in sample.jails.map(\.name) {
                state.jails.selectedName = name
                _ = Frame.render(state)
            }
        }
        for column in JailColumn.allCases {
            state.jails.sort = column
            _ = Frame.render(state)
        }
        _ = SnapshotReport(snapshot: sample, delta: SnapshotDelta(previous: first, current: sample), clock: "00:00:00").render()
        _ = ProcessReport(snapshot: sample, processes: sample.processes).render()
    }

    @Test(arguments: doubles)
    func extremeDoubles(_ d: Double) {
        let (first, sample) = Self.poisoned(d, 1)
        Self.drawEverything(first, sample)
    }

    @Test(arguments: integers)
    func extremeIntegers(_ n: Int) {
        let (first, sample) = Self.poisoned(1, n)
        Self.drawEverything(first, sample)
    }

    /// Issue 11 (4): a 20 MB jail name is looked at only as far as it can show.
    @Test func aHugeNameIsDrawnAsFarAsItFits() {
        var (first, sample) = Self.poisoned(1, 1)
        sample.jails[0].name = String(repeating: "\u{1B}A", count: 200_000)
        first.jails[0].name = sample.jails[0].name
        Self.drawEverything(first, sample)
        var buffer = ScreenBuffer(size: Size(width: 20, height: 1))
        #expect(buffer.put(sample.jails[0].name, x: 0, y: 0) == 20)
        #expect(buffer.trimmedLines == ["\u{FFFD}A\u{FFFD}A\u{FFFD}A\u{FFFD}A\u{FFFD}A\u{FFFD}A\u{FFFD}A\u{FFFD}A\u{FFFD}A\u{FFFD}A"])
    }

    @Test func unitsAreTotal() {
        for d in Self.doubles {
            _ = Units.percent(d)
            _ = Units.cpuTime(d)
            _ = Units.bytesPerSecond(d)
            _ = Units.wholePercent(fraction: d)
            _ = Units.uptime(seconds: d)
            _ = Units.clampedInt(d)
        }
        #expect(Units.wholePercent(fraction: .infinity) == ">9999%")
        #expect(Units.wholePercent(fraction: .nan) == "?")
        #expect(Units.percent(.nan) == "?")
        #expect(Units.bytesPerSecond(.infinity) == "?")
        #expect(Units.clampedInt(1e300) == Int.max && Units.clampedInt(-1e300) == Int.min && Units.clampedInt(.nan) == nil)
    }
}
