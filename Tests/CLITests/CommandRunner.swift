import Foundation
import JailtopTestSupport
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
    /// A nil `source` gives none (a subcommand that reads no host, such as `config`).
    static func run(_ arguments: [String], source: Source? = .fixture, environment extra: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = executable
        // Last, after the subcommand and its arguments (`jailtop snapshot --json --source fixture`),
        // but before a `--`, after which everything is an operand.
        let operands = arguments.firstIndex(of: "--") ?? arguments.endIndex
        process.arguments = arguments[..<operands] + (source.map { ["--source", $0.rawValue] } ?? []) + arguments[operands...]
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

/// Compares text with Snapshots/<name>.txt (`SnapshotFile`).
func assertSnapshot(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    if let problem = try SnapshotFile(beside: #filePath, name: "\(name).txt").mismatch(actual) {
        Issue.record(Comment(rawValue: problem), sourceLocation: sourceLocation)
    }
}
