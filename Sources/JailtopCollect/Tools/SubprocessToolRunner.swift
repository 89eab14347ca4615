import Foundation
import JailtopModel
import Subprocess
import SystemPackage

/// The real tool runner, on swift-subprocess: argv arrays only, `LC_ALL=C` so output formats
/// are the C locale's (or only `LC_CTYPE` set, for ps: see `ToolLocale`), each tool in its own
/// session so a timeout kills it and everything it started (a hung script's children would
/// otherwise keep its pipes open), output bounded.
/// swift-subprocess was chosen over Foundation.Process for its async API, cancellation that
/// tears the child down, output limits, and FreeBSD support (kqueue).
public struct SubprocessToolRunner: ToolRunner {
    public var paths: HostPaths
    /// Most bytes kept from stdout (`ps` on 50 000 processes prints about 8 MiB).
    public var outputLimit: Int
    public var stderrLimit: Int

    public init(paths: HostPaths, outputLimit: Int = 64 << 20, stderrLimit: Int = 64 << 10) {
        self.paths = paths
        self.outputLimit = outputLimit
        self.stderrLimit = stderrLimit
    }

    public func run(_ path: String, _ arguments: [String], timeout: Duration) async throws(ToolRunError) -> ToolResult {
        try await run(path, arguments, locale: .c, timeout: timeout)
    }

    public func run(_ path: String, _ arguments: [String], locale: ToolLocale, timeout: Duration) async throws(ToolRunError) -> ToolResult {
        let executable = paths.resolve(path)
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw .notFound(path: executable)
        }
        // A custom environment: LANG and the caller's LC_* never reach the tool.
        var environment: [Environment.Key: String] = ["PATH": "/sbin:/bin:/usr/sbin:/usr/bin"]
        switch locale {
        case .c: environment["LC_ALL"] = "C"
        case .utf8(let ctype): environment["LC_CTYPE"] = ctype
        }
        if !paths.root.isEmpty { environment["JAILTOP_ROOT"] = paths.root }
        var options = PlatformOptions()
        options.createSession = true
        options.teardownSequence = [.gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: .milliseconds(300))]
        let outputLimit = outputLimit, stderrLimit = stderrLimit
        let env = environment, platformOptions = options
        let outcome: Result<ToolResult, ToolRunError>
        do {
            outcome = try await withThrowingTaskGroup(of: Result<ToolResult, ToolRunError>?.self) { group in
                group.addTask {
                    do {
                        let r = try await Subprocess.run(
                            .path(FilePath(executable)), arguments: Arguments(arguments),
                            environment: .custom(env), platformOptions: platformOptions,
                            output: .bytes(limit: outputLimit), error: .bytes(limit: stderrLimit))
                        let status: Int32
                        switch r.terminationStatus {
                        case .exited(let code): status = code
                        case .signaled(let signal): status = 128 + signal
                        }
                        return .success(ToolResult(status: status, stdout: r.standardOutput, stderr: r.standardError))
                    } catch let error as SubprocessError {
                        if error.code == .outputLimitExceeded { return .failure(.outputTooLarge(path: executable, limit: outputLimit)) }
                        return .failure(.launchFailed(path: executable, reason: "\(error)"))
                    }
                }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    return nil
                }
                let first = try await group.next() ?? nil
                group.cancelAll()  // stops the timer, or tears the tool down if it is still running
                return first ?? .failure(.timedOut(path: executable, after: timeout))
            }
        } catch {
            // Cancelled (the command or the dashboard is ending): the group's cancellation has
            // torn the tool's process group down.
            if Task.isCancelled || error is CancellationError { throw .cancelled(path: executable) }
            throw .launchFailed(path: executable, reason: "\(error)")
        }
        return try outcome.get()
    }
}
