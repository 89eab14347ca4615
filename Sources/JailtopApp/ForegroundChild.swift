import JailtopActions
import JailtopCollect
import JailtopControl
import JailtopModel
import JailtopUI

/// Runs a program on the real terminal and waits for it (the shell in a jail): inherited
/// stdin/stdout/stderr, default signal handling and no blocked signals, so Ctrl-C and job
/// control behave as in any shell. Called with the dashboard suspended.
public enum ForegroundChild {
    /// How the program ended. One that fails at once (jexec: the jail is gone) has its
    /// message on the terminal, which the dashboard would paint over: jailtop waits for Enter.
    static func runShowingFailure(_ request: ShellRequest) -> ChildExit {
        let started = ContinuousClock.now
        let exit: ChildExit
        switch run(request) {
        case .success(let status): exit = ChildExit(waitStatus: status)
        case .failure(let error): exit = .notStarted(error.description)
        }
        if exit != .exited(0), ContinuousClock.now - started < .seconds(2) {
            let prompt = Array("\njailtop: \(SanitizedText.clean(request.executable)) ended at once (\(exit)); press Enter to return to the dashboard\n".utf8)
            _ = prompt.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
            var byte: UInt8 = 0
            while read(0, &byte, 1) == 1, byte != UInt8(ascii: "\n"), byte != UInt8(ascii: "\r") {}
        }
        return exit
    }

    /// Exit status, or a message when the program could not start.
    public static func run(_ request: ShellRequest) -> Result<Int32, ActionError> {
        var environment = ProcessInfo.processInfo.environment
        for (k, v) in request.environment { environment[k] = v }
        let argv = ([request.executable] + request.arguments).map { strdup($0) }
        let envp = environment.map { strdup("\($0.key)=\($0.value)") }
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = CleanSpawnAttributes.with { posix_spawn(&pid, request.executable, nil, $0, argv + [nil], envp + [nil]) }
        guard spawned == 0 else {
            return .failure(ActionError("cannot run \(request.executable): \(String(cString: strerror(spawned)))"))
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return .success(status)
    }
}
