import CToolSpawn
import Dispatch
import Synchronization
import JailtopModel

/// A long-running child whose stdout is a stream of lines (ssh running `snapshot --stream`).
/// Unlike a tool run it has no timeout and no size limit as a whole: it lives until its stdout
/// ends or it is stopped. Its stdin is a pipe jailtop holds open (closing it is how the far
/// side learns the reader is gone), its stderr is kept (the last few KB) to say why it ended.
/// It runs in a process group of its own, with its own environment (ssh needs SSH_AUTH_SOCK).
final class StreamProcess: Sendable {
    /// How a run ended.
    struct End: Sendable {
        enum Cause: Sendable, Equatable {
            /// stdout reached its end: the child is done, or about to be.
            case endOfStream
            /// `stop()` was called.
            case stopped
            /// A line passed the limit: not the stream it should be.
            case lineTooLong
            /// The line handler asked to end (a header it cannot read).
            case refused
            case readFailed(Int32)
        }

        var cause: Cause
        /// Exit status (128 + signal as shells say it); nil if it could not be reaped.
        var status: Int32?
        /// The end of what it wrote on stderr, as text.
        var stderr: String
    }

    /// The longest line taken: a sample of 50 000 processes is about 20 MB.
    static let maximumLine = 256 << 20
    /// What is kept of stderr.
    static let stderrTail = 4096

    let pid: pid_t
    private let stdinEnd: Int32
    /// Whether stdin is still open: `send` and `finish` agree on it under the lock, so a line
    /// never goes to a descriptor that was closed (and perhaps reused).
    private let stdinOpen = Mutex(true)
    private let stdoutEnd: Int32
    private let stderrEnd: Int32
    private let wake: WakePipe

    private init(pid: pid_t, stdin: Int32, stdout: Int32, stderr: Int32, wake: WakePipe) {
        self.pid = pid
        self.stdinEnd = stdin
        self.stdoutEnd = stdout
        self.stderrEnd = stderr
        self.wake = wake
    }

    /// Spawns `argv` (its first word looked up in PATH when it has no slash).
    static func start(_ argv: [String], environment: [String]) -> Result<StreamProcess, SystemCallError> {
        guard let program = argv.first else { return .failure(SystemCallError(call: "posix_spawn", errno: EINVAL)) }
        var stdin: [Int32] = [-1, -1], stdout: [Int32] = [-1, -1], stderr: [Int32] = [-1, -1]
        func closeAll() { (stdin + stdout + stderr).filter { $0 >= 0 }.forEach(closeDescriptor) }
        guard jt_pipe_cloexec(&stdin) == 0, jt_pipe_cloexec(&stdout) == 0, jt_pipe_cloexec(&stderr) == 0 else {
            let code = errno
            closeAll()
            return .failure(SystemCallError(call: "pipe", errno: code))
        }
        let wake: WakePipe
        do { wake = try WakePipe() } catch {
            closeAll()
            return .failure(error)
        }
        var actions = PosixSpawn.emptyFileActions()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdin[0], 0)
        posix_spawn_file_actions_adddup2(&actions, stdout[1], 1)
        posix_spawn_file_actions_adddup2(&actions, stderr[1], 2)
        jt_spawn_close_from(&actions, 3)
        let cargv = argv.map { strdup($0) }
        let envp = environment.map { strdup($0) }
        defer { (cargv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let code = CleanSpawnAttributes.with(newProcessGroup: true) { attributes in
            posix_spawnp(&pid, program, &actions, attributes, cargv + [nil], envp + [nil])
        }
        closeDescriptor(stdin[0])
        closeDescriptor(stdout[1])
        closeDescriptor(stderr[1])
        guard code == 0 else {
            [stdin[1], stdout[0], stderr[0]].forEach(closeDescriptor)
            wake.closeBoth()
            return .failure(SystemCallError(call: "cannot run \(program)", errno: code))
        }
        return .success(StreamProcess(pid: pid, stdin: stdin[1], stdout: stdout[0], stderr: stderr[0], wake: wake))
    }

    /// The longest line buffer kept between lines: a 1000-jail host's trimmed sample fits.
    static let keptLineCapacity = 4 << 20

    /// Reads lines until the stream ends, `stop()` is called or `line` returns false; then
    /// ends the child (stdin closed, then SIGTERM and SIGKILL to its group) and reaps it.
    /// Blocks the calling thread: give it one of its own.
    func run(line: (UnsafeRawBufferPointer) -> Bool) -> End {
        var pending: [UInt8] = []
        var errTail: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var errOpen = true
        var cause: End.Cause = .endOfStream
        reading: while true {
            var fds = [
                pollfd(fd: stdoutEnd, events: Int16(POLLIN), revents: 0),
                pollfd(fd: errOpen ? stderrEnd : -1, events: Int16(POLLIN), revents: 0),
                pollfd(fd: wake.readEnd, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&fds, 3, -1)
            if ready < 0 {
                if errno == EINTR { continue }
                cause = .readFailed(errno)
                break
            }
            if fds[2].revents != 0 {
                cause = .stopped
                break
            }
            if errOpen, fds[1].revents != 0 {
                let n = chunk.withUnsafeMutableBytes { read(stderrEnd, $0.baseAddress, $0.count) }
                if n > 0 {
                    errTail.append(contentsOf: chunk[0..<n])
                    if errTail.count > Self.stderrTail { errTail.removeFirst(errTail.count - Self.stderrTail) }
                } else if n == 0 || errno != EINTR {
                    errOpen = false
                }
            }
            guard fds[0].revents != 0 else { continue }
            let n = chunk.withUnsafeMutableBytes { read(stdoutEnd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                cause = .readFailed(errno)
                break
            }
            if n == 0 { break }
            // Split what arrived into lines; the rest waits for its newline.
            var start = 0
            while let newline = chunk[start..<n].firstIndex(of: UInt8(ascii: "\n")) {
                let keep: Bool
                if pending.isEmpty {
                    keep = chunk.withUnsafeBytes { line(UnsafeRawBufferPointer(rebasing: $0[start..<newline])) }
                } else {
                    pending.append(contentsOf: chunk[start..<newline])
                    keep = pending.withUnsafeBytes { line($0) }
                    // Kept for the next sample, which is about as long (fresh memory is paged
                    // in again every time); an outsized one is let go.
                    pending.removeAll(keepingCapacity: pending.capacity <= Self.keptLineCapacity)
                }
                start = newline + 1
                if !keep {
                    cause = .refused
                    break reading
                }
            }
            pending.append(contentsOf: chunk[start..<n])
            if pending.count > Self.maximumLine {
                cause = .lineTooLong
                break
            }
        }
        let status = finish(stderr: &errTail, stderrOpen: errOpen)
        return End(cause: cause, status: status, stderr: String(decoding: errTail, as: UTF8.self))
    }

    /// Writes a line to the child's stdin (a request to the far side); false once it is closed.
    @discardableResult
    func send(_ line: [UInt8]) -> Bool {
        stdinOpen.withLock { open in
            guard open else { return false }
            var offset = 0
            while offset < line.count {
                let n = line.withUnsafeBytes { write(stdinEnd, $0.baseAddress! + offset, $0.count - offset) }
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { return false }
                offset += n
            }
            return true
        }
    }

    /// Asks `run` to end (from any thread).
    func stop() {
        wake.signal()
    }

    /// Closes stdin (the far side sees the reader gone) and gives the child a moment to leave by
    /// itself, then SIGTERM, then SIGKILL to its group (a wrapper's ssh with it); reaps it and
    /// closes every descriptor. The group is not signalled at first: ssh's ControlPersist
    /// master, which other commands share, detaches from it only as a daemon.
    private func finish(stderr errTail: inout [UInt8], stderrOpen: Bool) -> Int32? {
        stdinOpen.withLock { open in
            if open { closeDescriptor(stdinEnd) }
            open = false
        }
        closeDescriptor(stdoutEnd)
        var status: Int32?
        let deadline = ContinuousClock.now + .milliseconds(500)
        while status == nil, ContinuousClock.now < deadline {
            status = reapIfDone()
            if status == nil { usleep(10_000) }
        }
        if status == nil {
            _ = kill(pid, SIGTERM)
            let graceEnd = ContinuousClock.now + .seconds(2)
            while status == nil, ContinuousClock.now < graceEnd {
                status = reapIfDone()
                if status == nil { usleep(10_000) }
            }
        }
        if status == nil {
            _ = kill(-pid, SIGKILL)
            var raw: Int32 = 0
            while waitpid(pid, &raw, 0) < 0, errno == EINTR {}
            status = ToolProcess.shellStatus(raw)
        }
        // What ssh said on its way out ("Connection closed", "Permission denied").
        if stderrOpen {
            var chunk = [UInt8](repeating: 0, count: 4096)
            var flags = fcntl(stderrEnd, F_GETFL)
            flags |= O_NONBLOCK
            _ = fcntl(stderrEnd, F_SETFL, flags)
            while true {
                let n = chunk.withUnsafeMutableBytes { read(stderrEnd, $0.baseAddress, $0.count) }
                guard n > 0 else { break }
                errTail.append(contentsOf: chunk[0..<n])
            }
            if errTail.count > Self.stderrTail { errTail.removeFirst(errTail.count - Self.stderrTail) }
        }
        closeDescriptor(stderrEnd)
        wake.closeBoth()
        return status
    }

    private func reapIfDone() -> Int32? {
        var raw: Int32 = 0
        let r = waitpid(pid, &raw, WNOHANG)
        if r == pid { return ToolProcess.shellStatus(raw) }
        if r < 0, errno != EINTR { return 127 }
        return nil
    }
}

/// One remote command run to its end (an action over ssh): its exit status, output and
/// stderr. Blocks a thread of its own; the far side's jailtop has its own timeouts, ssh its
/// keep-alives.
public enum RemoteCommandRun {
    public struct Result: Sendable {
        /// Exit status (ssh's 255 for its own failures); nil when it could not be started.
        public var status: Int32?
        public var stdout: String
        public var stderr: String
    }

    public static func run(_ argv: [String], environment: [String]) async -> Result {
        await withCheckedContinuation { continuation in
            DispatchQueue(label: "jailtop.remote.action").async {
                switch StreamProcess.start(argv, environment: environment) {
                case .failure(let error):
                    continuation.resume(returning: Result(status: nil, stdout: "", stderr: error.description))
                case .success(let process):
                    var lines: [String] = []
                    let end = process.run { line in
                        if lines.count < 1000 { lines.append(String(decoding: line, as: UTF8.self)) }
                        return true
                    }
                    continuation.resume(returning: Result(status: end.status, stdout: lines.joined(separator: "\n"), stderr: end.stderr))
                }
            }
        }
    }
}
