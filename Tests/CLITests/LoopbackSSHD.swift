import Foundation
import JailtopTestSupport

/// Starts the throwaway sshd of an SSH test: on a random loopback port, ready once it has
/// written its pid file (after binding its addresses), and on another port when it exits first
/// (the port was taken). Its log is kept in the test's directory, for the failure messages.
enum LoopbackSSHD {
    /// The log sshd writes (`-E`).
    static func log(in dir: URL) -> URL { dir.appendingPathComponent("sshd.log") }

    /// What sshd logged, for a failure message.
    static func logText(in dir: URL) -> String {
        let text = (try? String(contentsOf: log(in: dir), encoding: .utf8)) ?? ""
        return text.isEmpty ? "(sshd logged nothing)" : "sshd log:\n" + text.suffix(2000)
    }

    /// Starts sshd with the configuration `configure(port)` writes to `dir/sshd_config` (whose
    /// PidFile is `dir/sshd.pid`); returns its pid and port.
    static func start(in dir: URL, configure: (Int) throws -> Void) throws -> (pid: pid_t, port: Int) {
        let sshd = try ExternalTool.require("sshd")
        let pidFile = dir.appendingPathComponent("sshd.pid").path
        for _ in 0..<5 {
            let port = Int.random(in: 20000...32000)  // below Linux's ephemeral ports (32768-60999), which outgoing connections take
            try configure(port)
            try? FileManager.default.removeItem(atPath: pidFile)
            // By absolute path: sshd re-executes itself and refuses a relative one.
            let pid = try Spawn.start(sshd, ["-D", "-E", log(in: dir).path, "-f", dir.appendingPathComponent("sshd_config").path])
            let deadline = Date().addingTimeInterval(20)
            var status: Int32 = 0
            while Date() < deadline {
                if FileManager.default.fileExists(atPath: pidFile) { return (pid, port) }
                if waitpid(pid, &status, WNOHANG) == pid { break }
                Thread.sleep(forTimeInterval: 0.05)
            }
            if waitpid(pid, &status, WNOHANG) == 0 {
                kill(pid, SIGTERM)
                Spawn.wait(pid)
            }
        }
        throw Spawn.Failure(description: "sshd did not start on a loopback port; " + logText(in: dir))
    }
}
