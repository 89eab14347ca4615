import CToolSpawn
import Dispatch
import JailtopModel
import Synchronization

/// The real tool runner: posix_spawn(3) with an argv array (never a shell), a custom
/// environment (`PATH`, one locale setting, `JAILTOP_ROOT`), stdin from /dev/null, and the
/// tool leading its own process group, so a timeout or a quitting jailtop kills it and
/// everything it started (a hung script's children would otherwise keep its pipes open).
///
/// Each run blocks one thread of its own in a poll(2) loop (`ToolProcess`) that reads stdout and
/// stderr straight into the arrays returned, sized from the same command's last output
/// (`OutputSizeHints`): a refresh reads 5–8 MiB from ps, which
/// through swift-subprocess cost an allocation, a zeroing, a copy and a trip through the
/// concurrency pool per 64 KiB, and a helper thread per spawn besides.
public struct SpawnToolRunner: ToolRunner {
    public var paths: HostPaths
    /// Most bytes kept from stdout (`ps` on 50 000 processes prints about 8 MiB); a tool that
    /// prints more is stopped and reported.
    public var outputLimit: Int
    /// Most bytes kept from stderr; the rest is read and dropped, so the tool is not blocked.
    public var stderrLimit: Int
    /// How long a tool has between SIGTERM and SIGKILL when it is stopped.
    public var gracePeriod: Duration = .milliseconds(300)
    /// Each command's last output size, shared by copies of this runner.
    private let sizeHints = OutputSizeHints()

    public init(paths: HostPaths, outputLimit: Int = 64 << 20, stderrLimit: Int = 64 << 10) {
        self.paths = paths
        self.outputLimit = outputLimit
        self.stderrLimit = stderrLimit
    }

    public func run(_ path: String, _ arguments: [String], timeout: Duration) async throws(ToolRunError) -> ToolResult {
        try await run(path, arguments, locale: .c, timeout: timeout)
    }

    public func run(_ path: String, _ arguments: [String], locale: ToolLocale, timeout: Duration) async throws(ToolRunError) -> ToolResult {
        try await run(path, arguments, locale: locale, input: nil, timeout: timeout)
    }

    public func run(_ path: String, _ arguments: [String], input: [UInt8], timeout: Duration) async throws(ToolRunError) -> ToolResult {
        try await run(path, arguments, locale: .c, input: input, timeout: timeout)
    }

    public func run<Stream: ToolOutputStream>(
        _ path: String, _ arguments: [String], locale: ToolLocale, timeout: Duration, streamingTo stream: Stream
    ) async throws(ToolRunError) -> (result: ToolResult, stream: Stream) {
        let (result, streamed) = try await run(path, arguments, locale: locale, input: nil, timeout: timeout, stream: stream)
        return (result, streamed ?? stream)
    }

    private func run(
        _ path: String, _ arguments: [String], locale: ToolLocale, input: [UInt8]?, timeout: Duration
    ) async throws(ToolRunError) -> ToolResult {
        try await run(path, arguments, locale: locale, input: input, timeout: timeout, stream: nil as KeptOutput?).result
    }

    /// One run; stdout goes to `stream` as it is read when there is one, else into the result.
    private func run<Stream: ToolOutputStream>(
        _ path: String, _ arguments: [String], locale: ToolLocale, input: [UInt8]?, timeout: Duration, stream: Stream?
    ) async throws(ToolRunError) -> (result: ToolResult, stream: Stream?) {
        let executable = paths.resolve(path)
        guard Self.isExecutableFile(executable) else { throw .notFound(path: executable) }
        // A custom environment: LANG and the caller's LC_* never reach the tool.
        var environment = ["PATH=/sbin:/bin:/usr/sbin:/usr/bin"]
        switch locale {
        case .c: environment.append("LC_ALL=C")
        case .utf8(let ctype): environment.append("LC_CTYPE=\(ctype)")
        }
        if !paths.root.isEmpty { environment.append("JAILTOP_ROOT=\(paths.root)") }
        if Task.isCancelled { throw .cancelled(path: executable) }

        let argv = [executable] + arguments
        let process = ToolProcess(
            executable: executable, arguments: argv, environment: environment,
            limits: ToolProcess.Limits(stdout: outputLimit, stderr: stderrLimit, timeout: timeout, grace: gracePeriod),
            expectedOutput: sizeHints.expected(for: argv), input: input)
        let wake: WakePipe
        do {
            wake = try WakePipe()
        } catch {
            throw .launchFailed(path: executable, reason: error.description)
        }
        let outcome = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<(ToolResult, Stream?), ToolRunError>, Never>) in
                // Off the concurrency pool: the run blocks in poll(2) and waitpid(2), which must
                // not hold one of its few threads for the length of a ps. A serial queue of its
                // own runs on libdispatch's overcommitting pool, which adds a thread when the
                // others are blocked (and keeps idle ones for the next tool).
                DispatchQueue(label: "jailtop.tool").async {
                    var stream = stream
                    let result = process.run(wake: wake, streamingTo: &stream)
                    continuation.resume(returning: result.map { ($0, stream) })
                }
            }
        } onCancel: {
            wake.signal()
        }
        wake.closeBoth()
        // A streamed output is read a chunk at a time into one small buffer: nothing to size.
        if stream == nil, case .success(let (result, _)) = outcome { sizeHints.note(result.stdout.count, for: argv) }
        return try outcome.get()
    }

    /// What FileManager's isExecutableFile says, without Foundation: a regular file (after
    /// symlinks) that this user may execute.
    static func isExecutableFile(_ path: String) -> Bool {
        var status = stat()
        guard stat(path, &status) == 0, RegularFileReader.kind(of: status) == .regular else { return false }
        return access(path, X_OK) == 0
    }
}

/// The stream type of a run whose stdout is kept in its result: there is never a value of it.
enum KeptOutput: ToolOutputStream {
    mutating func consume(_ chunk: UnsafeBufferPointer<UInt8>) {}
    mutating func end() {}
}

/// How many bytes each command (its whole argv) printed on stdout last time, so the next run
/// reads into an array of the right size at once. Bounded: past `mostCommands` different argv
/// (netstat -j once per VNET jail, ps -p lists that differ each refresh) the half used least
/// recently is forgotten, so the steady ps and jls, used every refresh, keep theirs.
final class OutputSizeHints: Sendable {
    static let mostCommands = 256

    private struct Entry {
        var size: Int
        var used: Int
    }

    private struct Table {
        var entries: [[String]: Entry] = [:]
        var clock = 0
    }

    private let table = Mutex(Table())

    /// A little more than last time, or 0 when the command has not run yet (or was forgotten).
    func expected(for argv: [String]) -> Int {
        guard let last = table.withLock({ $0.entries[argv]?.size }) else { return 0 }
        return last + last / 16 + 4096
    }

    func note(_ size: Int, for argv: [String]) {
        table.withLock { table in
            table.clock += 1
            if table.entries.count >= Self.mostCommands, table.entries[argv] == nil {
                let cutoff = table.entries.values.map(\.used).sorted()[table.entries.count / 2]
                table.entries = table.entries.filter { $0.value.used >= cutoff }
            }
            table.entries[argv] = Entry(size: size, used: table.clock)
        }
    }
}

/// A pipe whose write end wakes a `ToolProcess` from poll(2): the run's task was cancelled.
/// Closed once the run is over; a late cancellation then writes nothing (the descriptor number
/// may by then belong to something else).
final class WakePipe: Sendable {
    let readEnd: Int32
    private let writeEnd: Mutex<Int32?>

    init() throws(SystemCallError) {
        var ends: [Int32] = [-1, -1]
        guard jt_pipe_cloexec(&ends) == 0 else { throw SystemCallError(call: "pipe", errno: errno) }
        readEnd = ends[0]
        writeEnd = Mutex(ends[1])
    }

    func signal() {
        writeEnd.withLock { fd in
            guard let fd else { return }
            var byte: UInt8 = 1
            _ = write(fd, &byte, 1)
        }
    }

    func closeBoth() {
        writeEnd.withLock { fd in
            if let open = fd { closeDescriptor(open) }
            fd = nil
        }
        closeDescriptor(readEnd)
    }
}

/// A system call that failed, with its errno, for messages (`pipe: Too many open files`).
struct SystemCallError: Error, CustomStringConvertible {
    var call: String
    var errno: Int32
    var description: String { "\(call): \(String(cString: strerror(errno)))" }
}

/// close(2), named apart from the methods called `close` it is used beside.
func closeDescriptor(_ fd: Int32) {
    _ = close(fd)
}
