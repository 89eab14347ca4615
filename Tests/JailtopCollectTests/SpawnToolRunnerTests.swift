import Foundation
import Testing

@testable import JailtopCollect

/// The environment a tool starts with: PATH, JAILTOP_ROOT and one locale setting, nothing of the
/// caller's (so LANG or a user's LC_NUMERIC can never reach ps or sysctl).
@Suite struct SpawnToolRunnerTests {
    @Test func localeEnvironmentIsExactlyTheOneAskedFor() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("jailtop-env-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let bin = root.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let script = bin.appendingPathComponent("ps")
        try Data("#!/bin/sh\nexec /usr/bin/env\n".utf8).write(to: script)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        let runner = SpawnToolRunner(paths: HostPaths(root: root.path))

        func localeVariables(_ locale: ToolLocale) async throws -> [String] {
            let result = try await runner.run(HostPaths.ps, [], locale: locale, timeout: .seconds(10))
            return result.stdoutText.split(separator: "\n").map(String.init)
                .filter { $0.hasPrefix("LC_") || $0.hasPrefix("LANG=") }.sorted()
        }
        #expect(try await localeVariables(.utf8(ctype: "C.UTF-8")) == ["LC_CTYPE=C.UTF-8"])
        #expect(try await localeVariables(.c) == ["LC_ALL=C"])
        // The old entry point is the C locale.
        let plain = try await runner.run(HostPaths.ps, [], timeout: .seconds(10)).stdoutText
        #expect(plain.split(separator: "\n").contains("LC_ALL=C"))
    }

    /// A runner for commands named by their host paths (no JAILTOP_ROOT).
    private func runner(outputLimit: Int = 64 << 20) -> SpawnToolRunner {
        SpawnToolRunner(paths: HostPaths(root: ""), outputLimit: outputLimit)
    }

    /// Tools start in / (cbsd reads a CBSDfile from its working directory) and read their
    /// stdin from /dev/null, or from the input given (the rule `tee -a /etc/rctl.conf` appends).
    @Test func toolsRunInTheRootDirectoryWithTheirInputOnStdin() async throws {
        let runner = SpawnToolRunner(paths: HostPaths())
        #expect(try await runner.run("/bin/pwd", [], timeout: .seconds(10)).stdoutText == "/\n")
        #expect(try await runner.run("/bin/cat", [], timeout: .seconds(10)).stdout.isEmpty)
        let rule = Array("jail:www:maxproc:deny=300\n".utf8)
        #expect(try await runner.run("/bin/cat", [], input: rule, timeout: .seconds(10)).stdout == rule)
        let tooMuch = [UInt8](repeating: 65, count: 513)
        await #expect(throws: ToolRunError.self) { try await runner.run("/bin/cat", [], input: tooMuch, timeout: .seconds(10)) }
    }

    @Test func exitStatusAndBothOutputsComeBack() async throws {
        let r = try await runner().run("/bin/sh", ["-c", "echo out; echo err >&2; exit 3"], timeout: .seconds(10))
        #expect(r.status == 3)
        #expect(r.stdoutText == "out\n")
        #expect(r.stderrText == "err\n")
        let killed = try await runner().run("/bin/sh", ["-c", "kill -TERM $$"], timeout: .seconds(10))
        #expect(killed.status == 128 + SIGTERM)
    }

    @Test func megabytesArriveWhole() async throws {
        // More than any pipe buffer, read while the tool is still writing.
        let r = try await runner().run("/bin/sh", ["-c", "i=0; while [ $i -lt 20000 ]; do echo \"line $i of many many bytes\"; i=$((i+1)); done"], timeout: .seconds(30))
        let lines = r.stdoutText.split(separator: "\n")
        #expect(lines.count == 20000)
        #expect(lines.last == "line 19999 of many many bytes")
    }

    /// A streamed run hands every byte to the stream, in order and in chunks, while the tool
    /// is still writing, keeps none in the result, counts them, and ends the stream once.
    @Test func aStreamedRunHandsEveryByteOverInOrder() async throws {
        struct Collecting: ToolOutputStream {
            var bytes: [UInt8] = []
            var chunks = 0
            var ends = 0
            mutating func consume(_ chunk: UnsafeBufferPointer<UInt8>) {
                bytes += chunk
                chunks += 1
            }
            mutating func end() { ends += 1 }
        }
        let script = "i=0; while [ $i -lt 40000 ]; do echo \"line $i of many many bytes\"; i=$((i+1)); done; echo err >&2"
        let (result, stream) = try await runner().run(
            "/bin/sh", ["-c", script], locale: .c, timeout: .seconds(30), streamingTo: Collecting())
        let whole = try await runner().run("/bin/sh", ["-c", script], timeout: .seconds(30))
        #expect(result.stdout.isEmpty)
        #expect(result.streamedBytes == whole.stdout.count)
        #expect(result.stdoutBytes == whole.stdout.count)
        #expect(result.stderrText == "err\n")
        #expect(stream.bytes == whole.stdout)
        #expect(stream.chunks > 1)
        #expect(stream.ends == 1)
        // The limit counts streamed bytes too.
        await #expect(throws: ToolRunError.outputTooLarge(path: "/bin/sh", limit: 4096)) {
            try await runner(outputLimit: 4096).run(
                "/bin/sh", ["-c", "while :; do echo yyyyyyyyyyyyyyyy; done"], locale: .c, timeout: .seconds(10),
                streamingTo: Collecting())
        }
    }

    /// A command run again reads into an array sized from its last output: the same bytes,
    /// whether the output stays, shrinks or grows past the guess.
    @Test func aRepeatedCommandReadsTheSameBytesAtTheSizeItHadBefore() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("jailtop-size-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("out").path
        let runner = runner()
        for size in [300_000, 300_000, 10, 2_000_000, 300_000] {
            let text = Data((0..<size).map { UInt8(ascii: "a") &+ UInt8($0 % 26) })
            try text.write(to: URL(fileURLWithPath: file))
            let r = try await runner.run("/bin/cat", [file], timeout: .seconds(30))
            #expect(r.stdout == Array(text), "\(size) bytes")
        }
    }

    /// The size memory keeps what is used every refresh when hundreds of other commands pass.
    @Test func sizeHintsForgetTheLeastRecentlyUsed() {
        let hints = OutputSizeHints()
        for i in 0..<1000 {
            hints.note(5_000_000, for: ["/bin/ps", "steady"])
            hints.note(500, for: ["/usr/bin/netstat", "-j", String(i)])
        }
        #expect(hints.expected(for: ["/bin/ps", "steady"]) >= 5_000_000)
        #expect(hints.expected(for: ["/usr/bin/netstat", "-j", "999"]) >= 500)
        #expect(hints.expected(for: ["/usr/bin/netstat", "-j", "0"]) == 0)
        #expect(hints.expected(for: ["/never/ran"]) == 0)
    }

    @Test func aMissingToolIsNotFound() async {
        await #expect(throws: ToolRunError.notFound(path: "/nonexistent/tool")) {
            try await runner().run("/nonexistent/tool", [], timeout: .seconds(1))
        }
    }

    @Test func aHungToolIsKilledWithWhatItStartedAtTheTimeout() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("jailtop-hang-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let pidFile = dir.appendingPathComponent("child.pid").path
        let started = ContinuousClock.now
        await #expect(throws: ToolRunError.timedOut(path: "/bin/sh", after: .milliseconds(500))) {
            // The background sleep keeps stdout open after the shell itself is gone.
            try await runner().run("/bin/sh", ["-c", "sleep 600 & echo $! > \(pidFile); wait"], timeout: .milliseconds(500))
        }
        // Not a timing test: only far short of the sleep's 600 s. (Under a loaded test run the
        // answer can wait seconds for a thread of the concurrency pool.)
        #expect(ContinuousClock.now - started < .seconds(120))
        let child = try #require(pid_t(String(decoding: FileManager.default.contents(atPath: pidFile) ?? Data(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)))
        var gone = false
        for _ in 0..<100 where !gone {
            gone = kill(child, 0) != 0
            if !gone { usleep(20_000) }
        }
        #expect(gone, "the tool's child \(child) outlived the timeout")
        if !gone { kill(child, SIGKILL) }
    }

    @Test func outputPastTheLimitStopsTheTool() async {
        await #expect(throws: ToolRunError.outputTooLarge(path: "/bin/sh", limit: 4096)) {
            try await runner(outputLimit: 4096).run("/bin/sh", ["-c", "while :; do echo yyyyyyyyyyyyyyyy; done"], timeout: .seconds(10))
        }
    }

    @Test func cancellingTheCallerStopsTheTool() async {
        let task = Task { try await runner().run("/bin/sh", ["-c", "sleep 600"], timeout: .seconds(900)) }
        try? await Task.sleep(for: .milliseconds(200))
        let started = ContinuousClock.now
        task.cancel()
        let result = await task.result
        #expect(ContinuousClock.now - started < .seconds(120))  // far short of the sleep
        #expect(throws: ToolRunError.cancelled(path: "/bin/sh")) { try result.get() }
    }

    #if os(Linux)
        /// glibc can start the tool in a session of its own: it leads it, with no terminal.
        @Test func theToolLeadsANewSession() async throws {
            let r = try await runner().run("/bin/sh", ["-c", "echo $$; cut -d' ' -f6 /proc/self/stat"], timeout: .seconds(10))
            let lines = r.stdoutText.split(separator: "\n")
            #expect(lines.count == 2 && lines[0] == lines[1], "\(r.stdoutText)")
        }

        /// Only stdin, stdout and stderr reach the tool, whatever else jailtop has open.
        @Test func theToolInheritsNoOtherDescriptor() async throws {
            let held = open("/dev/null", O_RDONLY)  // no O_CLOEXEC: posix_spawn alone would pass it on
            defer { close(held) }
            let r = try await runner().run("/bin/ls", ["/proc/self/fd"], timeout: .seconds(10))
            // ls's own directory descriptor is the one more.
            #expect(r.stdoutText.split(separator: "\n").count <= 4, "\(r.stdoutText)")
        }
    #endif
}
