import Foundation
import JailtopControl

/// Runs a program on the real terminal and waits for it (the shell in a jail): inherited
/// stdin/stdout/stderr, default signal handling and no blocked signals, so Ctrl-C and job
/// control behave as in any shell. Called with the dashboard suspended.
enum ForegroundChild {
    /// Exit status, or a message when the program could not start.
    static func run(_ request: ShellRequest) -> Result<Int32, ActionError> {
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
