import Foundation
import Testing

@testable import JailtopModel

/// Issue 15 (1): `snapshot --stream --json` is a header line, then a schema-1 sample every -d
/// seconds, until stdin is closed (the reader hung up).
@Suite struct SnapshotStreamTests {
    /// Starts the stream with a pipe on stdin, reads `lines` lines, then closes stdin and
    /// returns the lines, the exit status and how long the stream took to end after it.
    /// `onLine` sees each line as it comes, with the stream's stdin to write requests to.
    static func stream(
        _ arguments: [String], lines wanted: Int, environment: [String: String] = [:],
        onLine: (Int, FileHandle) throws -> Void = { _, _ in }
    ) throws -> (lines: [String], status: Int32, endedAfter: Duration) {
        let process = Process()
        process.executableURL = CommandRunner.executable
        process.arguments = ["snapshot", "--stream", "--json"] + arguments
        var env = ProcessInfo.processInfo.environment
        env["JAILTOP_ROOT"] = nil
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var buffer = Data()
        var lines: [String] = []
        let reader = output.fileHandleForReading
        while lines.count < wanted {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
            while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                lines.append(String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self))
                buffer.removeSubrange(buffer.startIndex...newline)
                try onLine(lines.count - 1, input.fileHandleForWriting)
            }
        }
        let closed = ContinuousClock.now
        try input.fileHandleForWriting.close()
        // Read on to the end, as ssh would: a stream blocked writing a sample into a full pipe
        // would never see its stdin close. A thread of its own: a busy pool may not run it soon.
        let drained = DispatchSemaphore(value: 0)
        Thread {
            _ = reader.readDataToEndOfFile()
            drained.signal()
        }.start()
        process.waitUntilExit()
        drained.wait()
        return (lines, process.terminationStatus, ContinuousClock.now - closed)
    }

    @Test func aHeaderThenSamplesUntilStdinCloses() throws {
        let r = try Self.stream(["-d", "0.3", "--source", "fixture"], lines: 3)
        #expect(r.lines.count >= 3)
        let header: StreamHeader? = try StreamHeader(jsonLine: Data(r.lines[0].utf8))
        #expect(header?.jailtopStream == 1)
        #expect(header?.host == "demo.jailtop.example")
        #expect(header?.intervalS == 0.3)
        #expect(header?.version.isEmpty == false)
        let first = try Snapshot(jsonLine: Data(r.lines[1].utf8))
        let second = try Snapshot(jsonLine: Data(r.lines[2].utf8))
        #expect(first.schema == 1 && !first.jails.isEmpty)
        #expect(second.time > first.time)
        #expect(r.status == 0)
        #expect(r.endedAfter < .seconds(3), "the stream ends soon after its reader hangs up")
    }

    @Test func theLiveHostStreamsToo() throws {
        let host = try StandInHostTests.Host()
        defer { host.remove() }
        let r = try Self.stream(["-d", "0.2", "--source", "live"], lines: 3, environment: ["JAILTOP_ROOT": host.root.path])
        #expect(r.lines.count == 3)
        #expect(r.lines[0].contains("\"host\":\"h1.example.org\""))
        let sample = try Snapshot(jsonLine: Data(r.lines[2].utf8))
        #expect(sample.jails.map(\.name).contains("www"))
        #expect(r.status == 0)
    }

    /// A dashboard that selects a jail gets its processes at once, not an interval later; a
    /// request for what is already sent changes nothing.
    @Test func aRequestForMoreProcessesIsAnsweredAtOnce() throws {
        var asked: ContinuousClock.Instant?
        var answered: Duration?
        let r = try Self.stream(["-d", "30", "--no-processes", "--source", "fixture"], lines: 3) { index, stdin in
            if index == 1 {
                asked = .now
                try stdin.write(contentsOf: Data(#"{"processes_of":[]}"#.utf8 + [10]))
                try stdin.write(contentsOf: Data(#"{"processes_of":["www"]}"#.utf8 + [10]))
            }
            if index == 2, let asked { answered = ContinuousClock.now - asked }
        }
        try #require(r.lines.count == 3)
        let first = try Snapshot(jsonLine: Data(r.lines[1].utf8))
        #expect(first.processes.isEmpty && first.processesOf == [])
        let second = try Snapshot(jsonLine: Data(r.lines[2].utf8))
        let www = try #require(second.jails.first { $0.name == "www" }?.jid)
        #expect(second.processesOf == [www])
        #expect(!second.processes.isEmpty && second.processes.allSatisfy { $0.jid == www })
        #expect(try #require(answered) < .seconds(5), "not the 30 s interval")
        #expect(second.time > first.time)
    }

    @Test func streamNeedsJSONAndTakesNoCount() throws {
        for args in [["snapshot", "--stream"], ["snapshot", "--stream", "--json", "--count", "2"], ["snapshot", "--stream", "--json", "-J", "www"]] {
            let r = try CommandRunner.run(args)
            #expect(r.status == 2, "\(args)")
        }
    }
}
