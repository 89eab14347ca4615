import Foundation
import JailtopTestSupport
import Testing

@testable import JailtopExport

/// Prometheus's own checker, when it is installed (Debian: `apt-get install prometheus`; FreeBSD:
/// the net-mgmt/prometheus2 port, in /usr/local/bin).
@Suite("promtool check metrics", .enabled(if: Promtool.path != nil, "promtool is not installed"))
struct PromtoolTests {
    @Test("the demo host's output passes promtool (parse and lint)")
    func demoHost() async throws {
        let text = MetricsRenderer().render(try Fixtures.demoSnapshot(), health: Fixtures.health)
        let result = try await Promtool.checkMetrics(text)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.isEmpty, "\(result.output)")
    }

    @Test("hostile names pass promtool")
    func hostile() async throws {
        let text = MetricsRenderer().render(Fixtures.hostile, health: Fixtures.health)
        let result = try await Promtool.checkMetrics(text)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.isEmpty, "\(result.output)")
    }

    @Test("the health-only page passes promtool")
    func healthOnly() async throws {
        let result = try await Promtool.checkMetrics(MetricsRenderer().render(nil, health: ExporterHealth()))
        #expect(result.status == 0, "\(result.output)")
    }

    @Test("promtool does reject broken text (the check is real)")
    func rejectsBroken() async throws {
        let result = try await Promtool.checkMetrics("# TYPE x gauge\nx{name=\"a\nb\"} 1\n")
        #expect(result.status != 0)
    }
}

/// Runs promtool (check metrics, check rules, test rules), killed after a timeout.
enum Promtool {
    static let path = ExternalTool.path("promtool")

    struct Result {
        var status: Int32
        var output: String
    }

    static func checkMetrics(_ text: String, timeout: Duration = .seconds(60)) async throws -> Result {
        try await run(["check", "metrics"], input: text, timeout: timeout)
    }

    /// Runs `promtool ARGUMENTS` (`check metrics`, `check rules FILE`, `test rules FILE`, …)
    /// with `input` on stdin, in `directory` if given, killed after a timeout; stdout and
    /// stderr come back together.
    static func run(_ arguments: [String], input text: String? = nil, in directory: URL? = nil, timeout: Duration = .seconds(60)) async throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try ExternalTool.require("promtool"))
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let input = Pipe()
        let output = Pipe()
        process.standardInput = text == nil ? FileHandle.nullDevice : input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        // Read the output while writing the input, so neither pipe can fill up and block.
        let reader = Task.detached { output.fileHandleForReading.readDataToEndOfFile() }
        let watchdog = Task.detached {
            try await Task.sleep(for: timeout)
            if process.isRunning { process.terminate() }
        }
        defer { watchdog.cancel() }
        if let text {
            input.fileHandleForWriting.write(Data(text.utf8))
            try input.fileHandleForWriting.close()
        }
        let data = await reader.value
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }
}
