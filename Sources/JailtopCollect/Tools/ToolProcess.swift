import CToolSpawn
import JailtopModel

/// One run of one tool, start to finish, on the calling thread (`SpawnToolRunner` gives it one):
/// spawn, read stdout and stderr until both close, reap. It stops the tool's process group
/// (SIGTERM, then SIGKILL after the grace period) when the timeout passes, when stdout passes
/// its limit, or when the wake pipe says the caller was cancelled.
struct ToolProcess: Sendable {
    /// What a run may take.
    struct Limits: Sendable {
        var stdout: Int
        var stderr: Int
        var timeout: Duration
        var grace: Duration
    }

    /// Why a run is being stopped early.
    private enum Stop {
        case timedOut, outputTooLarge, cancelled
        /// poll(2) or read(2) on stdout failed (errno): what was read cannot be trusted whole.
        case readFailed(Int32)
    }

    let executable: String
    /// argv, program name first.
    let arguments: [String]
    /// `NAME=value` entries: the whole environment the tool gets.
    let environment: [String]
    let limits: Limits
    /// How many bytes stdout is expected to bring (the last run's; 0 when unknown).
    let expectedOutput: Int
    /// What the tool reads on stdin (a rule `tee -a` appends); nil for /dev/null. At most
    /// `maximumInput` bytes, so it fits in the pipe and is written before the tool starts.
    var input: [UInt8]? = nil

    /// PIPE_BUF: what a pipe always takes at once (FreeBSD falls back to small pipe buffers
    /// when pipe memory runs short, so more could block before the tool reads it).
    static let maximumInput = 512

    func run(wake: WakePipe) -> Result<ToolResult, ToolRunError> {
        var none: KeptOutput? = nil
        return run(wake: wake, streamingTo: &none)
    }

    /// The run, with stdout handed to `stream` as it is read when there is one (the result's
    /// `streamedBytes` then counts it), else kept in the result.
    func run<Stream: ToolOutputStream>(wake: WakePipe, streamingTo stream: inout Stream?) -> Result<ToolResult, ToolRunError> {
        let deadline = ContinuousClock.now + limits.timeout
        var stdoutEnds: [Int32] = [-1, -1], stderrEnds: [Int32] = [-1, -1]
        guard jt_pipe_cloexec(&stdoutEnds) == 0 else { return launchFailure("pipe", errno) }
        guard jt_pipe_cloexec(&stderrEnds) == 0 else {
            let code = errno
            stdoutEnds.forEach(closeDescriptor)
            return launchFailure("pipe", code)
        }
        let spawned = spawn(stdout: stdoutEnds[1], stderr: stderrEnds[1])
        closeDescriptor(stdoutEnds[1])
        closeDescriptor(stderrEnds[1])
        guard case .success(let pid) = spawned else {
            closeDescriptor(stdoutEnds[0])
            closeDescriptor(stderrEnds[0])
            if case .failure(let error) = spawned { return .failure(error) }
            return launchFailure("posix_spawn", EINVAL)
        }

        var stdout = PipeBuffer(expected: stream == nil ? expectedOutput : 0), stderr = PipeBuffer(expected: 0)
        let stop = drain(
            stdout: stdoutEnds[0], into: &stdout, streamingTo: &stream, stderr: stderrEnds[0], into: &stderr,
            wake: wake.readEnd, until: deadline)
        closeDescriptor(stdoutEnds[0])
        closeDescriptor(stderrEnds[0])
        if case .none = stop { stream?.end() }
        let status: Int32
        if let stop {
            terminateGroup(pid)
            _ = reap(pid)
            switch stop {
            case .timedOut: return .failure(.timedOut(path: executable, after: limits.timeout))
            case .outputTooLarge: return .failure(.outputTooLarge(path: executable, limit: limits.stdout))
            case .cancelled: return .failure(.cancelled(path: executable))
            case .readFailed(let code):
                return .failure(.outputUnreadable(path: executable, reason: String(cString: strerror(code))))
            }
        }
        // Both pipes closed: the tool has exited, or is about to, or closed them and went on.
        // Waiting still honours the deadline and the wake pipe.
        switch awaitExit(pid, wake: wake.readEnd, until: deadline) {
        case .exited(let code): status = code
        case .stopped(let reason):
            terminateGroup(pid)
            _ = reap(pid)
            if case .timedOut = reason { return .failure(.timedOut(path: executable, after: limits.timeout)) }
            return .failure(.cancelled(path: executable))
        }
        var result = ToolResult(status: status, stdout: stream == nil ? stdout.takeBytes() : [], stderr: stderr.takeBytes())
        result.streamedBytes = stdout.streamed
        return .success(result)
    }

    // MARK: - Spawning

    /// posix_spawn with stdin from /dev/null (or a pipe holding `input`), stdout and stderr to
    /// the pipes' write ends, every other descriptor closed, a clean signal state and a process
    /// group of its own.
    private func spawn(stdout: Int32, stderr: Int32) -> Result<pid_t, ToolRunError> {
        let devNull: Int32
        if let input {
            guard input.count <= Self.maximumInput else { return .failure(.launchFailed(path: executable, reason: "input over \(Self.maximumInput) bytes")) }
            var ends: [Int32] = [-1, -1]
            guard jt_pipe_cloexec(&ends) == 0 else { return .failure(.launchFailed(path: executable, reason: SystemCallError(call: "pipe", errno: errno).description)) }
            // It fits in the pipe's buffer: written whole now, and the tool sees end of file after it.
            let written = input.withUnsafeBytes { write(ends[1], $0.baseAddress, $0.count) }
            closeDescriptor(ends[1])
            guard written == input.count else {
                closeDescriptor(ends[0])
                return .failure(.launchFailed(path: executable, reason: "could not write its input"))
            }
            devNull = ends[0]
        } else {
            devNull = open("/dev/null", O_RDONLY | O_CLOEXEC)
        }
        guard devNull >= 0 else { return .failure(.launchFailed(path: executable, reason: SystemCallError(call: "open /dev/null", errno: errno).description)) }
        defer { closeDescriptor(devNull) }
        var actions = PosixSpawn.emptyFileActions()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, devNull, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        // Whatever another thread opened without O_CLOEXEC (a socket, the terminal) stays here.
        jt_spawn_close_from(&actions, 3)
        jt_spawn_chdir(&actions, "/")

        let argv = arguments.map { strdup($0) }
        let envp = environment.map { strdup($0) }
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        var code: Int32 = 0
        // ETXTBSY: a script just written is still open for writing in a child another thread
        // is starting (it closes on exec, a moment later). Retried briefly, as Go's os/exec does.
        for attempt in 0..<5 {
            code = CleanSpawnAttributes.with(newProcessGroup: true) { attributes in
                posix_spawn(&pid, executable, &actions, attributes, argv + [nil], envp + [nil])
            }
            guard code == ETXTBSY else { break }
            usleep(UInt32(5_000 << attempt))
        }
        guard code == 0 else {
            return .failure(.launchFailed(path: executable, reason: String(cString: strerror(code))))
        }
        return .success(pid)
    }

    private func launchFailure(_ call: String, _ code: Int32) -> Result<ToolResult, ToolRunError> {
        .failure(.launchFailed(path: executable, reason: SystemCallError(call: call, errno: code).description))
    }

    // MARK: - Reading

    /// Reads both pipes until both are at end of file; nil then, or why the run must stop.
    private func drain<Stream: ToolOutputStream>(
        stdout: Int32, into out: inout PipeBuffer, streamingTo stream: inout Stream?, stderr: Int32,
        into err: inout PipeBuffer, wake: Int32, until deadline: ContinuousClock.Instant
    ) -> Stop? {
        var outOpen = true, errOpen = true
        while outOpen || errOpen {
            var fds = [
                pollfd(fd: outOpen ? stdout : -1, events: Int16(POLLIN), revents: 0),
                pollfd(fd: errOpen ? stderr : -1, events: Int16(POLLIN), revents: 0),
                pollfd(fd: wake, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&fds, 3, Self.milliseconds(until: deadline))
            if ready < 0 {
                if errno == EINTR { continue }
                return .readFailed(errno)
            }
            if fds[2].revents != 0 { return .cancelled }
            if ready == 0 { return .timedOut }
            if outOpen, fds[0].revents != 0 {
                // Read up to one byte past the limit: more than that is a tool out of control.
                switch out.read(from: stdout, keepingAtMost: limits.stdout + 1) {
                case .endOfFile: outOpen = false
                case .read:
                    if out.count + out.streamed > limits.stdout { return .outputTooLarge }
                    if stream != nil { out.hand(to: &stream!) }
                case .failed(let code): return .readFailed(code)
                }
            }
            if errOpen, fds[1].revents != 0 {
                switch err.read(from: stderr, keepingAtMost: limits.stderr) {
                case .endOfFile, .failed: errOpen = false  // stderr is only for messages
                case .read: break
                }
            }
        }
        return nil
    }

    /// Milliseconds from now to `deadline` for poll(2): at least 0, at most a day.
    private static func milliseconds(until deadline: ContinuousClock.Instant) -> Int32 {
        let (seconds, attoseconds) = (deadline - .now).components
        if seconds < 0 { return 0 }
        return Int32(min(86_400_000, seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1))
    }

    // MARK: - Ending

    private enum Exit {
        case exited(Int32)
        case stopped(Stop)
    }

    /// Waits for the tool to exit, checking the wake pipe and the deadline every few milliseconds.
    private func awaitExit(_ pid: pid_t, wake: Int32, until deadline: ContinuousClock.Instant) -> Exit {
        while true {
            if let status = reapIfDone(pid) { return .exited(status) }
            var fds = [pollfd(fd: wake, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&fds, 1, min(5, Self.milliseconds(until: deadline)))
            if ready > 0 { return .stopped(.cancelled) }
            if ContinuousClock.now >= deadline, reapIfDone(pid) == nil { return .stopped(.timedOut) }
        }
    }

    /// SIGTERM to the tool's process group, then SIGKILL once the grace period is over or at
    /// once when the tool is already gone (its children may not be).
    private func terminateGroup(_ pid: pid_t) {
        _ = kill(-pid, SIGTERM)
        let graceEnd = ContinuousClock.now + limits.grace
        while ContinuousClock.now < graceEnd {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                _ = kill(-pid, SIGKILL)
                return
            }
            usleep(5_000)
        }
        _ = kill(-pid, SIGKILL)
    }

    /// The exit status if the tool has ended (reaping it), else nil.
    private func reapIfDone(_ pid: pid_t) -> Int32? {
        var status: Int32 = 0
        let r = waitpid(pid, &status, WNOHANG)
        if r == pid { return Self.shellStatus(status) }
        if r < 0, errno != EINTR { return 127 }  // not our child any more: nothing to wait for
        return nil
    }

    /// Blocks until the (killed) tool is reaped.
    private func reap(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return 127 }
        }
        return Self.shellStatus(status)
    }

    /// The exit code, or 128 + the signal as shells report it. The wait(2) status layout is the
    /// same on FreeBSD and Linux (`WIFEXITED`, `WTERMSIG` are macros Swift does not import).
    static func shellStatus(_ status: Int32) -> Int32 {
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}

/// Bytes read from a pipe straight into the array they are returned in. It starts at the size
/// expected (what the same command printed last time: a steady refresh's ps is as long as the
/// last one, give or take) and doubles past it, so a repeated run neither grows nor copies its
/// output at the end, and its pages are touched once.
struct PipeBuffer {
    enum ReadOutcome {
        case read, endOfFile
        case failed(errno: Int32)
    }

    /// Bytes asked of one read(2).
    static let chunk = 64 << 10

    private var storage: [UInt8]
    private(set) var count = 0
    /// Bytes already handed to a stream (`hand(to:)`) and no longer held.
    private(set) var streamed = 0

    init(expected: Int) {
        storage = Self.uninitialized(max(expected, Self.chunk))
    }

    /// An array of `count` bytes that are not written first: read(2) fills them, and only the
    /// bytes it filled are ever read (`takeBytes` cuts the rest). Zeroing first touched every
    /// page of a 2–8 MiB buffer once more before the read did.
    private static func uninitialized(_ count: Int, copying old: [UInt8] = [], prefix: Int = 0) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            if prefix > 0 {
                old.withUnsafeBytes { UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[..<prefix])) }
            }
            initialized = count
        }
    }

    /// One read(2); bytes past `keepingAtMost` are read and dropped.
    mutating func read(from fd: Int32, keepingAtMost limit: Int) -> ReadOutcome {
        if count >= limit {
            var scratch = [UInt8](repeating: 0, count: 4096)
            let n = scratch.withUnsafeMutableBytes { readDescriptor(fd, $0.baseAddress!, $0.count) }
            if n > 0 { return .read }
            if n == 0 { return .endOfFile }
            return errno == EINTR || errno == EAGAIN ? .read : .failed(errno: errno)
        }
        if storage.count - count < Self.chunk {
            // Doubled, and only what was read is copied.
            storage = Self.uninitialized(storage.count * 2, copying: storage, prefix: count)
        }
        let filled = count
        let n = storage.withUnsafeMutableBytes { readDescriptor(fd, $0.baseAddress! + filled, min(Self.chunk, $0.count - filled)) }
        if n > 0 {
            count += min(n, limit - count)
            return .read
        }
        if n == 0 { return .endOfFile }
        return errno == EINTR || errno == EAGAIN ? .read : .failed(errno: errno)
    }

    /// Gives what was read to `stream` and empties the buffer for the next read (its storage,
    /// one chunk, is reused: a streamed output never grows it).
    mutating func hand<Stream: ToolOutputStream>(to stream: inout Stream) {
        let filled = count
        storage.withUnsafeBufferPointer { stream.consume(UnsafeBufferPointer(rebasing: $0[..<filled])) }
        streamed += filled
        count = 0
    }

    /// The bytes read: the array itself, cut to what was read (no copy), leaving this empty.
    mutating func takeBytes() -> [UInt8] {
        storage.removeLast(storage.count - count)
        defer { storage = [] }
        return storage
    }
}

/// read(2), named apart from `PipeBuffer.read`.
private func readDescriptor(_ fd: Int32, _ into: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, into, count)
}
