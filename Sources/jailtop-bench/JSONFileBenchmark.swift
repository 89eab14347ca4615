import Foundation
import JailtopModel

/// Fixture replay and `snapshot --json` of one recorded sample, alone in the process, so the
/// peak RSS is theirs: the recording's bytes, the sample read from them, the JSON written back.
enum JSONFileBenchmark {
    static func run(path: String, runs: Int) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let lines = data.split(separator: UInt8(ascii: "\n"), maxSplits: 2)
        guard lines.count >= 2 else { throw CocoaError(.fileReadCorruptFile) }
        let line = Data(lines[1])
        print("\(path): one sample of \(line.count / 1024) KiB; peak RSS with the file loaded: \(Benchmark.peakRSSMiB()) MiB")
        // Peaks first, one of each alive at a time, then the timings.
        let snapshot = try Snapshot(jsonLine: line)
        print("  read \(snapshot.jails.count) jails, \(snapshot.processes.count) processes; peak RSS \(Benchmark.peakRSSMiB()) MiB")
        let written = try RecordingEncoding.bytes(snapshot)
        print("  wrote \(written.count / 1024) KiB; peak RSS \(Benchmark.peakRSSMiB()) MiB")
        Benchmark.report("read: Snapshot(jsonLine:) (fixture replay)", Benchmark.measure(runs) { _ = try? Snapshot(jsonLine: line) })
        Benchmark.report("write: RecordingEncoding.bytes (snapshot --json)", Benchmark.measure(runs) { _ = try? RecordingEncoding.bytes(snapshot) })
    }
}
