import Foundation
import Testing

@testable import JailtopCollect
@testable import JailtopModel
import JailtopSynth

/// The fixture collector replays in recorded time and loops with shifted timestamps.
@Suite struct FixtureCollectorTests {
    static func recording(samples: Int) -> Recording {
        var spec = HostSpec.demo
        spec.jails = Array(spec.jails.prefix(2))
        return HostSynthesizer.recording(spec: spec, samples: samples)
    }

    @Test func replaysInOrderAndLoopsWithShiftedTime() async throws {
        let rec = Self.recording(samples: 3)
        let collector = FixtureCollector(recording: rec, description: "test")
        var times: [Double] = []
        for _ in 0..<7 { times.append(try await collector.collect().time) }
        let t0 = rec.snapshots[0].time
        // 3 samples 2 s apart: one pass covers 6 s, so loop n is shifted by 6n.
        #expect(times == [t0, t0 + 2, t0 + 4, t0 + 6, t0 + 8, t0 + 10, t0 + 12])
        let looped = try await collector.collect()
        #expect(looped.processes == rec.snapshots[1].processes)
    }

    @Test func ratesStayPositiveAcrossTheLoopSeam() async throws {
        let collector = FixtureCollector(recording: Self.recording(samples: 2), description: "test")
        let a = try await collector.collect()
        let b = try await collector.collect()
        let c = try await collector.collect()  // back at sample 0, time shifted forward
        #expect(SnapshotDelta(previous: a, current: b).interval == 2)
        #expect(SnapshotDelta(previous: b, current: c).interval == 2)
    }

    @Test func fileErrorsSayWhatIsWrong() {
        #expect(throws: FixtureFileError(path: "/nonexistent/rec.jsonl", reason: "no such file")) {
            try FixtureCollector(contentsOf: "/nonexistent/rec.jsonl")
        }
        #expect(throws: FixtureFileError(path: "/", reason: "is a directory, not a recording")) { try FixtureCollector(contentsOf: "/") }
        // An empty file (or device) is read, then rejected for what it lacks.
        #expect(throws: RecordingError(source: "/dev/null", line: 1, field: "jailtop_recording", message: "empty file: expected a recording header")) {
            try FixtureCollector(contentsOf: "/dev/null")
        }
    }
}

/// The built-in demo host is what a newcomer sees first; it must look like a real busy host.
@Suite struct DemoHostTests {
    @Test func isRealistic() throws {
        let rec = try DemoHost.recording()
        #expect(rec.snapshots.count >= 60)
        let s = rec.snapshots[rec.snapshots.count / 2]
        #expect(s.jails.filter { $0.state == .running }.count >= 10)
        #expect(s.jails.contains { $0.state == .dying })
        #expect(s.jails.filter { $0.state == .stopped }.count >= 1)
        #expect(s.jails.contains { $0.vnet && !$0.interfaces.isEmpty })
        let child = try #require(s.jails.first { $0.name.contains(".") })
        #expect(child.parent == s.jail(named: String(child.name.split(separator: ".")[0]))?.jid)
        #expect(s.processes.count >= 200)
        #expect(s.processes.contains { $0.command == "nginx" } && s.processes.contains { $0.command == "postgres" })
        #expect(s.jails.contains { ($0.tightestLimit?.fraction ?? 0) > 0.9 })
        #expect(s.jails.allSatisfy { $0.state != .running || $0.racct?.values.count == 25 })
        // Load changes over the recording.
        let cpu = rec.snapshots.compactMap(\.host.cpuPercent)
        #expect((cpu.max() ?? 0) - (cpu.min() ?? 0) > 5)
        // Summaries agree with the process list.
        #expect(s.withSummariesFromProcesses() == s)
    }
}

/// The synthesizer is deterministic: the same spec gives the same bytes.
@Suite struct SynthesizerTests {
    @Test func sameSeedSameHost() throws {
        var spec = HostSpec.large(jails: 20, processes: 1000, seed: 7)
        spec.interval = 1
        let a = try HostSynthesizer.recording(spec: spec, samples: 3).encoded()
        let b = try HostSynthesizer.recording(spec: spec, samples: 3).encoded()
        #expect(a == b)
        let other = try HostSynthesizer.recording(spec: .large(jails: 20, processes: 1000, seed: 8), samples: 3).encoded()
        #expect(a != other)
    }

    @Test func largeHostHasTheRequestedScale() {
        var synth = HostSynthesizer(spec: .large(jails: 100, processes: 5000))
        let s = synth.next()
        #expect(s.jails.count == 100)
        #expect(abs(s.processes.count - 5000) < 150)
        #expect(Set(s.processes.map(\.pid)).count == s.processes.count)
    }

    @Test func demoResourceIsUpToDateWithTheGenerator() throws {
        // Resources/demo-host.jsonl must be what `jailtop-synth --preset demo` makes today.
        let generated = try HostSynthesizer.recording(spec: .demo, samples: 60).encoded()
        #expect(generated == DemoHost.data, "regenerate: swift run jailtop-synth --preset demo --output Resources/demo-host.jsonl")
    }
}
