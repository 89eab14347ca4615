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

    @Test func fileErrorsSayWhatIsWrong() async throws {
        #expect(throws: FixtureFileError(path: "/nonexistent/rec.jsonl", reason: "no such file")) {
            try FixtureCollector(contentsOf: "/nonexistent/rec.jsonl")
        }
        #expect(throws: FixtureFileError(path: "/", reason: "is a directory, not a recording")) { try FixtureCollector(contentsOf: "/") }
        // Issue 11: a device is not read at all (--fixture /dev/zero filled memory); a stream
        // is read from standard input with --fixture -, which the user asks for explicitly.
        #expect(
            throws: FixtureFileError(
                path: "/dev/null",
                reason: "is a character device, not a recording: jailtop replays regular files and FIFOs (give a stream on standard input with --fixture -)")
        ) {
            try FixtureCollector(contentsOf: "/dev/null")
        }
        // An empty regular file is read, then rejected for what it lacks.
        try await Self.withFile(Data()) { path in
            #expect(throws: RecordingError(source: path, line: 1, field: "jailtop_recording", message: "empty file: expected a recording header")) {
                try FixtureCollector(contentsOf: path)
            }
        }
    }

    /// Writes `contents` to a fresh temporary file for `body`, removed after.
    static func withFile(_ contents: Data, _ body: (String) async throws -> Void) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("jailtop-fixture-\(UUID().uuidString).jsonl").path
        try contents.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await body(path)
    }

    /// Issue 11: a recording larger than the in-memory limit is streamed (here, with the limit
    /// at 0, any file) and replays exactly as one kept in memory: same samples, same loops.
    @Test func aLargeRecordingIsStreamedAndReplaysTheSame() async throws {
        let rec = Self.recording(samples: 3)
        try await Self.withFile(try rec.encoded()) { path in
            let streamed = try FixtureCollector(contentsOf: path, inMemoryLimit: 0)
            let kept = FixtureCollector(recording: try Recording(data: try rec.encoded(), source: path), description: path)
            let streaming = await streamed.isStreamed
            let keeping = await kept.isStreamed
            #expect(streaming && !keeping)
            for _ in 0..<8 {
                let a = try await streamed.collect()
                let b = try await kept.collect()
                #expect(a == b, "sample at \(b.time)")
            }
        }
    }

    /// A streamed recording is checked as it replays: its first sample when opened, a later
    /// malformed line when the replay reaches it (the error names the line).
    @Test func aStreamedRecordingReportsALaterBadLineWhenReached() async throws {
        var lines = try Self.recording(samples: 3).encoded().split(separator: UInt8(ascii: "\n"))
        lines[3] = Data(#"{"schema":1}"#.utf8)
        try await Self.withFile(Data(lines.joined(separator: [UInt8(ascii: "\n")])) + Data("\n".utf8)) { path in
            #expect(throws: RecordingError.self) { try FixtureCollector(contentsOf: path) }
            let streamed = try FixtureCollector(contentsOf: path, inMemoryLimit: 0)
            _ = try await streamed.collect()
            _ = try await streamed.collect()
            do {
                _ = try await streamed.collect()
                Issue.record("the bad line was replayed")
            } catch let error as RecordingError {
                #expect(error.source == path && error.line == 4 && error.field == "time", "\(error)")
            }
        }
    }

    /// Issue 8: a recording cut off in the middle of its last line (a crash, a full disk)
    /// replays every complete sample and warns about the cut one, kept whole or streamed.
    @Test(arguments: [FixtureCollector.inMemoryLimit, 0])
    func aCutOffRecordingReplaysItsCompleteSamples(inMemoryLimit: Int) async throws {
        let whole = try Self.recording(samples: 4).encoded()
        let lastLineStart = try #require(whole.dropLast().lastIndex(of: UInt8(ascii: "\n"))) + 1
        let cut = whole.prefix(lastLineStart + 100)
        try await Self.withFile(Data(cut)) { path in
            let collector = try FixtureCollector(contentsOf: path, inMemoryLimit: inMemoryLimit)
            let warning = try #require(collector.incompleteLine)
            #expect(warning.offset == lastLineStart && warning.length == 100)
            #expect(warning.line == (inMemoryLimit == 0 ? nil : 5))
            #expect(warning.description.hasPrefix(inMemoryLimit == 0 ? "\(path): byte \(lastLineStart): snapshot: " : "\(path):5: snapshot: "))
            var times: [Double] = []
            for _ in 0..<4 { times.append(try await collector.collect().time) }
            let t0 = Self.recording(samples: 4).snapshots[0].time
            // Three complete samples, 2 s apart: the fourth call is the first sample looped.
            #expect(times == [t0, t0 + 2, t0 + 4, t0 + 6])
        }
    }

    /// Issue 4: no line is read past the limit, so an endless line cannot fill memory.
    @Test func aLineOverTheLimitIsAnError() async throws {
        let header = #"{"jailtop_recording":1,"host":"h1","interval_s":2,"created":0}"#
        try await Self.withFile(Data((header + "\n" + String(repeating: "x", count: 5000)).utf8)) { path in
            #expect(throws: RecordingError(source: path, line: 2, field: "line", message: "longer than 1024 bytes without a newline: not a recording (one sample of 50 000 processes is about 20 MB)")) {
                try FixtureCollector(contentsOf: path, maxLineBytes: 1024)
            }
        }
    }

    /// A FIFO named by path is read (once, kept in memory): `--fixture <(zcat rec.jsonl.gz)`.
    @Test func aFIFOIsReadOnce() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("jailtop-fifo-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let fifo = dir + "/rec.fifo"
        try #require(mkfifo(fifo, 0o600) == 0)
        let rec = Self.recording(samples: 2)
        let bytes = try rec.encoded()
        // The writer blocks in open(2) until the collector opens the FIFO to read.
        Thread.detachNewThread {
            let fd = open(fifo, O_WRONLY)
            guard fd >= 0 else { return }
            _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            close(fd)
        }
        let collector = try FixtureCollector(contentsOf: fifo)
        let streaming = await collector.isStreamed
        #expect(!streaming)
        #expect(try await collector.collect().time == rec.snapshots[0].time)
        #expect(try await collector.collect().time == rec.snapshots[1].time)
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
        // Summaries agree with the process list; the file keeps a %CPU sum at ps's one decimal
        // (JSONNumberPrecision.tenths), so the sum recomputed here may differ in float noise.
        let recomputed = s.withSummariesFromProcesses()
        for (again, stored) in zip(recomputed.jails, s.jails) {
            var rounded = again.summary
            rounded.cpuPercent = (rounded.cpuPercent * 10).rounded() / 10
            #expect(rounded == stored.summary, "\(stored.name)")
        }
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
