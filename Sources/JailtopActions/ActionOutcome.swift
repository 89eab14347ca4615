import JailtopModel

/// How a program run on the terminal ended, from waitpid(2)'s status word (the same layout on
/// FreeBSD and Linux: the low 7 bits are the signal, 0 for a normal exit; then the exit code).
public enum ChildExit: Sendable, Equatable, CustomStringConvertible {
    case exited(Int32)
    case signaled(Int32)
    /// It could not be started.
    case notStarted(String)

    public init(waitStatus: Int32) {
        let signal = waitStatus & 0x7f
        self = signal == 0 ? .exited((waitStatus >> 8) & 0xff) : .signaled(signal)
    }

    public var description: String {
        switch self {
        case .exited(let code): "exit status \(code)"
        case .signaled(let signal): "killed by signal \(signal)"
        case .notStarted(let why): why
        }
    }
}

/// What an action did: each command with its exit status and stderr, and whether the check
/// afterwards (is the jail running? is the rule listed?) confirmed it.
public struct ActionOutcome: Sendable, Equatable {
    public struct Step: Sendable, Equatable {
        public var command: ToolCommand
        /// Exit status; nil when the command did not exit by itself (see `end`).
        public var status: Int32?
        public var stderr: String
        public var end: End

        /// How a command ended, for the dialog and the action log.
        public enum End: String, Sendable, Equatable {
            /// It ran and exited (with `status`).
            case exited
            /// It could not be started (not found, not executable).
            case notRun = "not-run"
            /// It ran past its timeout and was killed.
            case killedAfterTimeout = "killed-timeout"
            /// jailtop was quitting: it was killed (its process group torn down).
            case killedAtQuit = "killed-quit"
            /// It printed more than jailtop keeps, or its output could not be read, and it was stopped.
            case killedForOutput = "killed-output"
        }

        public init(command: ToolCommand, status: Int32?, stderr: String, end: End? = nil) {
            self.command = command
            self.status = status
            self.stderr = stderr
            self.end = end ?? (status == nil ? .notRun : .exited)
        }
    }

    public var action: JailAction
    public var steps: [Step]
    public var succeeded: Bool
    /// One line for the function bar, or the first line of the failure dialog.
    public var message: String

    public init(action: JailAction, steps: [Step], succeeded: Bool, message: String) {
        self.action = action
        self.steps = steps
        self.succeeded = succeeded
        self.message = message
    }
}
