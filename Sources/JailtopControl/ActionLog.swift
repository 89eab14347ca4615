import JailtopActions
import JailtopModel

/// Appends every action performed to a log file: time, user, each command's argv, exit status
/// and stderr — what an admin (or an auditor) wants to know later. Default /var/log/jailtop.log.
public struct ActionLog: Sendable {
    public static let defaultPath = "/var/log/jailtop.log"
    public var path: String

    public init(path: String) {
        self.path = path
    }

    /// Writes the outcome; returns why it could not be written, if it could not.
    @discardableResult
    public func append(_ outcome: ActionOutcome, user: String = ActionLog.currentUser(), now: Date = Date()) -> String? {
        let time = now.formatted(.iso8601)
        var text = ""
        for step in outcome.steps {
            let status = step.status.map(String.init) ?? step.end.rawValue
            text += "\(time) user=\(user) action=\(Self.quoted(outcome.action.summary)) argv=\(Self.quoted(step.command.description)) status=\(status) stderr=\(Self.quoted(step.stderr))\n"
        }
        text += "\(time) user=\(user) action=\(Self.quoted(outcome.action.summary)) result=\(outcome.succeeded ? "ok" : "failed") message=\(Self.quoted(outcome.message))\n"
        return write(text)
    }

    /// Appends lines in one write(2) (O_APPEND: whole lines even with several writers).
    private func write(_ text: String) -> String? {
        // O_NONBLOCK: a FIFO with no reader is an error at once, not a hang of the action.
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NONBLOCK | O_CLOEXEC, 0o640)
        guard fd >= 0 else { return "cannot write the action log \(path): \(String(cString: strerror(errno)))" }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { systemWrite(fd, $0.baseAddress, $0.count) }
        return written == bytes.count ? nil : "cannot write the action log \(path)"
    }

    /// Writes how a shell in a jail ended: who opened it, its argv and its exit.
    @discardableResult
    public func appendShell(_ request: ShellRequest, jail: String, exit: ChildExit, user: String = ActionLog.currentUser(), now: Date = Date()) -> String? {
        let time = now.formatted(.iso8601)
        let argv = ToolCommand(request.executable, request.arguments).description
        let status: String = switch exit {
        case .exited(let code): String(code)
        case .signaled(let signal): "signal-\(signal)"
        case .notStarted: "not-run"
        }
        let text = "\(time) user=\(user) action=\(Self.quoted("shell in jail \(jail)")) argv=\(Self.quoted(argv)) status=\(status) message=\(Self.quoted(exit.description))\n"
        return write(text)
    }

    /// UTF-8, as written: "→" stays "→". Control and other unsafe characters never reach the
    /// log as such (a log line stays one line, and `cat` of the log cannot drive a terminal);
    /// each becomes U+FFFD, like everything jailtop prints.
    static func quoted(_ s: String) -> String {
        "\"" + SanitizedText.clean(s.trimmingASCIIWhitespace()).replacing("\"", with: "\\\"") + "\""
    }

    public static func currentUser() -> String {
        let uid = geteuid()
        if let pw = getpwuid(uid), let name = pw.pointee.pw_name { return String(cString: name) }
        return String(uid)
    }
}

/// write(2), named apart from `ActionLog.write`.
private func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
    write(fd, bytes, count)
}
