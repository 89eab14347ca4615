import Foundation
import JailtopModel
import Synchronization
import Testing

/// Issue 11: the files jailtop is pointed at. `record -o` and `export --textfile` replace only
/// a regular file, write through a FIFO or device, and follow a symbolic link; `--fixture`
/// reads regular files, FIFOs and standard input, never a device, and replays a recording
/// cut off mid-line up to the cut. Devices are always reached through links in the test's
/// own directory, so a jailtop that replaced its output path would replace only a link.
@Suite struct FileSafetyTests {
    static let small = CommandRunner.fixtures.appendingPathComponent("small.jsonl").path
    static let hasDevFull = FileKind.of("/dev/full") == .characterDevice

    /// A fresh directory per test, removed after.
    func withDirectory(_ body: (String) throws -> Void) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("jailtop-files-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try body(dir)
    }

    @Test func recordWritesThroughAFIFOAndLeavesItAFIFO() throws {
        try withDirectory { dir in
            let fifo = dir + "/rec.fifo"
            try #require(mkfifo(fifo, 0o600) == 0)
            let reader = open(fifo, O_RDONLY | O_NONBLOCK)
            try #require(reader >= 0)
            defer { close(reader) }
            // A writer of our own keeps the FIFO from reading as ended before jailtop opens it.
            let keepOpen = open(fifo, O_WRONLY)
            try #require(keepOpen >= 0)
            _ = fcntl(reader, F_SETFL, fcntl(reader, F_GETFL) & ~O_NONBLOCK)
            let drain = Drain(descriptor: reader)
            let r = try CommandRunner.run(["record", "--fixture", Self.small, "--count", "2", "-o", fifo])
            close(keepOpen)
            let bytes = try #require(drain.wait(seconds: 30), "the FIFO's reader never saw the end")
            #expect(r.status == 0 && r.stderr.isEmpty, "\(r.stderr)")
            #expect(FileKind.of(fifo, followingLinks: false) == .fifo)
            let recording = try Recording(data: Data(bytes), source: fifo)
            #expect(recording.snapshots.count == 2)
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["rec.fifo"])
        }
    }

    @Test func recordToAFIFOWithoutAReaderSaysSo() throws {
        try withDirectory { dir in
            let fifo = dir + "/rec.fifo"
            try #require(mkfifo(fifo, 0o600) == 0)
            let r = try CommandRunner.run(["record", "--fixture", Self.small, "--count", "1", "-o", fifo])
            #expect(r.status == 1)
            #expect(r.stderr == "jailtop: no reader on FIFO \(fifo)\n")
            #expect(FileKind.of(fifo, followingLinks: false) == .fifo)
        }
    }

    /// Issue 8: a full disk is reported in the system's words, not as a Foundation error code.
    @Test(.enabled(if: hasDevFull)) func recordOnAFullDeviceSaysNoSpaceLeft() throws {
        try withDirectory { dir in
            let link = dir + "/full.jsonl"
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/dev/full")
            let r = try CommandRunner.run(["record", "--fixture", Self.small, "--count", "1", "-o", link])
            #expect(r.status == 1)
            #expect(r.stderr == "jailtop: \(link): write failed: No space left on device\n")
            #expect(FileKind.of(link, followingLinks: false) == .symbolicLink)
            #expect(FileKind.of("/dev/full") == .characterDevice)
        }
    }

    @Test(.enabled(if: hasDevFull)) func exportTextfileOnAFullDeviceSaysNoSpaceLeft() throws {
        try withDirectory { dir in
            let link = dir + "/full.prom"
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/dev/full")
            let r = try CommandRunner.run(["export", "--textfile", link, "--once"])
            #expect(r.status == 1)
            #expect(r.stderr.contains("No space left on device"), "\(r.stderr)")
            #expect(FileKind.of(link, followingLinks: false) == .symbolicLink)
        }
    }

    /// A link is followed: the recording it names is replaced, next to it, and the link stays.
    @Test func recordThroughASymlinkReplacesTheFileItNames() throws {
        try withDirectory { dir in
            try FileManager.default.createDirectory(atPath: dir + "/data", withIntermediateDirectories: true)
            try Data("old\n".utf8).write(to: URL(fileURLWithPath: dir + "/data/rec.jsonl"))
            try FileManager.default.createSymbolicLink(atPath: dir + "/rec.jsonl", withDestinationPath: "data/rec.jsonl")
            let r = try CommandRunner.run(["record", "--fixture", Self.small, "--count", "2", "-o", dir + "/rec.jsonl"])
            #expect(r.status == 0 && r.stderr.isEmpty, "\(r.stderr)")
            #expect(FileKind.of(dir + "/rec.jsonl", followingLinks: false) == .symbolicLink)
            let recording = try Recording(data: Data(contentsOf: URL(fileURLWithPath: dir + "/data/rec.jsonl")), source: "rec")
            #expect(recording.snapshots.count == 2)
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/data") == ["rec.jsonl"])
        }
    }

    /// Issue 4: a device is refused before a byte is read (`--fixture /dev/zero` filled memory).
    @Test func aCharacterDeviceIsNotReadAsARecording() throws {
        let r = try CommandRunner.run(["snapshot", "--fixture", "/dev/null"])
        #expect(r.status == 1 && r.stdout.isEmpty)
        #expect(r.stderr.hasPrefix("jailtop: /dev/null: is a character device, not a recording"), "\(r.stderr)")
    }

    /// Issue 8: every complete sample of a cut-off recording replays, with a warning naming the
    /// cut line, as the README promises.
    @Test func aCutOffRecordingReplaysWithAWarning() throws {
        try withDirectory { dir in
            let lines = try String(contentsOfFile: Self.small, encoding: .utf8).split(separator: "\n").map(String.init)
            let cut = dir + "/cut.jsonl"
            try (lines[0...2].joined(separator: "\n") + "\n" + lines[3].prefix(1000)).write(toFile: cut, atomically: false, encoding: .utf8)
            let r = try CommandRunner.run(["snapshot", "--json", "--count", "3", "--fixture", cut])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.split(separator: "\n").count == 3)
            #expect(
                r.stderr.hasPrefix("jailtop: warning: \(cut):4: snapshot: the last line is incomplete (1000 bytes, no newline)"),
                "\(r.stderr)")
        }
    }

    /// `--fixture -` reads a stream the user pipes in.
    @Test func aRecordingOnStandardInputReplays() throws {
        let input = try Data(contentsOf: URL(fileURLWithPath: Self.small))
        let r = try Self.run(["snapshot", "--json", "--fixture", "-"], input: input)
        #expect(r.status == 0, "\(r.stderr)")
        let expected = try CommandRunner.run(["snapshot", "--json", "--fixture", Self.small])
        #expect(r.stdout == expected.stdout && !r.stdout.isEmpty)
    }

    /// CommandRunner.run with `input` on a pipe as standard input (it must fit the pipe's buffer).
    static func run(_ arguments: [String], input: Data) throws -> CommandRunner.Result {
        let process = Process()
        process.executableURL = CommandRunner.executable
        process.arguments = arguments + ["--source", "fixture"]
        var env = ProcessInfo.processInfo.environment
        env["TZ"] = "UTC"
        env["NO_COLOR"] = "1"
        env["JAILTOP_ROOT"] = nil
        process.environment = env
        let stdin = Pipe(), out = Pipe(), err = Pipe()
        process.standardInput = stdin
        process.standardOutput = out
        process.standardError = err
        try process.run()
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandRunner.Result(
            stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self),
            status: process.terminationStatus)
    }
}

/// Reads a descriptor to its end on a thread of its own (a FIFO's reader), so a writer the
/// test runs meanwhile never blocks on a full pipe.
final class Drain: Sendable {
    private let state = Mutex<(bytes: [UInt8], done: Bool)>(([], false))

    init(descriptor: Int32) {
        Thread.detachNewThread { [self] in
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let n = read(descriptor, &buffer, buffer.count)
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { break }
                self.state.withLock { $0.bytes += buffer[0..<n] }
            }
            self.state.withLock { $0.done = true }
        }
    }

    /// Everything read, once the descriptor has ended; nil if it has not within `seconds`.
    func wait(seconds: Double) -> [UInt8]? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let bytes = state.withLock({ $0.done ? $0.bytes : nil }) { return bytes }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return nil
    }
}
