import Foundation
import Testing

/// Runs the built `jailtop` binary as a user would, with a fixed time zone and no colour,
/// and captures stdout, stderr and the exit status.
struct CommandRunner {
    struct Result {
        var stdout: String
        var stderr: String
        var status: Int32
    }

    /// The folder next to this test file.
    static let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let fixtures = here.appendingPathComponent("Fixtures")

    /// The `jailtop` executable built alongside the tests.
    static var executable: URL {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        // Under `swift test` the runner is <build dir>/jailtopPackageTests.xctest (a file on Linux).
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("jailtop")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return here.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".build/debug/jailtop")
    }

    /// The `--source` a run reads. Always given: `auto` means the live host on FreeBSD, and the
    /// tests expect the demo host unless they point JAILTOP_ROOT at a stand-in host.
    enum Source: String {
        case fixture, live
    }

    /// The shell command that starts `jailtop` with `options` on `source`, to type into a terminal.
    /// The source comes last, so a test can still find its process by `jailtop <options>`.
    static func commandLine(_ options: String = "", source: Source = .fixture) -> String {
        [executable.path, options, "--source", source.rawValue].filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// Runs `jailtop` with `arguments` on `source` (the demo host unless a test says otherwise).
    static func run(_ arguments: [String], source: Source = .fixture, environment extra: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = executable
        // Last, after the subcommand and its arguments (`jailtop snapshot --json --source fixture`).
        process.arguments = arguments + ["--source", source.rawValue]
        var env = ProcessInfo.processInfo.environment
        env["TZ"] = "UTC"
        env["NO_COLOR"] = "1"
        env["JAILTOP_ROOT"] = nil
        for (k, v) in extra { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes before waiting so a large output cannot block the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self),
            status: process.terminationStatus)
    }
}

/// Compares text with a file under Snapshots/, like swift-argument-parser's `assertSnapshot`:
/// a missing file (or RECORD_SNAPSHOTS=1) is written and the test fails so it gets reviewed.
func assertSnapshot(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = CommandRunner.here.appendingPathComponent("Snapshots/\(name).txt")
    let record = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] != nil
    guard !record, let expected = try? String(contentsOf: url, encoding: .utf8) else {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try actual.write(to: url, atomically: true, encoding: .utf8)
        Issue.record("recorded snapshot \(name); run again to compare", sourceLocation: sourceLocation)
        return
    }
    if actual != expected {
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        var diff: [String] = []
        for i in 0..<max(a.count, e.count) {
            let l = i < a.count ? String(a[i]) : "<none>", r = i < e.count ? String(e[i]) : "<none>"
            if l != r { diff.append("line \(i + 1):\n  - \(r)\n  + \(l)") }
        }
        Issue.record(Comment(rawValue: "snapshot \(name) differs:\n" + Array(diff.prefix(10)).joined(separator: "\n")), sourceLocation: sourceLocation)
    }
}
