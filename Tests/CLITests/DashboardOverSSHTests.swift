import Foundation
import JailtopTestSupport
import Testing

/// jailtop is used over SSH, so one test runs it through a real SSH session on loopback:
/// the system's sshd started by the test on a free port with throwaway keys, the client in tmux.
/// It also drops the link (kills the server side of the session) and checks that jailtop,
/// hung up on, exits instead of lingering.
@Suite(
    .serialized,
    .enabled(if: TmuxSession.available && ["sshd", "ssh", "ssh-keygen", "pgrep"].allSatisfy { ExternalTool.path($0) != nil } && getuid() == 0,
             "needs tmux, OpenSSH (sshd, ssh, ssh-keygen), pgrep and root (CI installs them)"))
struct DashboardOverSSHTests {
    /// A throwaway sshd on 127.0.0.1 that lets this user in with a throwaway key.
    final class LoopbackSSHServer {
        let dir: URL
        let port: Int
        let pid: pid_t

        init() throws {
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("jailtop-ssh-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            #if os(Linux)
                // Debian's sshd wants its privilege-separation directory (FreeBSD's is /var/empty).
                try? FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
            #endif
            for key in ["hostkey", "userkey"] {
                try Spawn.run(ExternalTool.require("ssh-keygen"), ["-q", "-t", "ed25519", "-N", "", "-f", dir.appendingPathComponent(key).path], capture: false)
            }
            try FileManager.default.copyItem(at: dir.appendingPathComponent("userkey.pub"), to: dir.appendingPathComponent("authorized_keys"))
            let dir = dir
            (pid, port) = try LoopbackSSHD.start(in: dir) { port in
                try Self.config(port: port, listen: ["127.0.0.1"], dir: dir)
                    .write(to: dir.appendingPathComponent("sshd_config"), atomically: true, encoding: .utf8)
            }
        }

        /// A throwaway sshd's configuration: keys and pid file in `dir`, this user only, by key.
        static func config(port: Int, listen: [String], dir: URL, extra: [String] = []) -> String {
            ([
                "Port \(port)",
            ] + listen.map { "ListenAddress \($0)" } + [
                "HostKey \(dir.path)/hostkey",
                "AuthorizedKeysFile \(dir.path)/authorized_keys",
                "PidFile \(dir.path)/sshd.pid",
                "StrictModes no",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PermitRootLogin prohibit-password",
                "UsePAM no",
                "PrintMotd no",
            ] + extra).joined(separator: "\n") + "\n"
        }

        /// The ssh command line that opens a terminal session running `command`.
        func ssh(_ command: String) throws -> String {
            let ssh = try ExternalTool.require("ssh")
            return "\(ssh) -t -p \(port) -i \(dir.path)/userkey -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null "
                + "-o LogLevel=ERROR \(NSUserName())@127.0.0.1 '\(command)'"
        }

        func stop() {
            kill(pid, SIGTERM)
            Spawn.wait(pid)
            try? FileManager.default.removeItem(at: dir)
        }
    }

    /// Pids of processes whose command line contains `marker`.
    static func jailtopProcesses(marker: String) -> [String] {
        let output = (try? Spawn.run(ExternalTool.require("pgrep"), ["-f", marker]).output) ?? ""
        return output.split(separator: "\n").map(String.init)
    }

    @Test func usableOverSSHAndGoneWhenTheLinkDrops() throws {
        let server = try LoopbackSSHServer()
        defer { server.stop() }
        let t = try TmuxSession(width: 120, height: 40)
        defer { t.close() }
        // A unique -d value marks this run's jailtop so pgrep finds exactly it.
        let marker = "-d 1.7"
        let jailtop = "TZ=UTC LANG=C.UTF-8 " + CommandRunner.commandLine(marker)
        try t.run(server.ssh(jailtop))
        var screen = try t.waitFor("Jails: 11 running", timeout: 30)
        #expect(screen.contains("every 1.7s"))
        try t.keys("N", "Home", "Enter", "2")
        screen = try t.waitFor("memoryuse       [")
        #expect(screen.contains("www (JID 1)"))
        try t.keys("q")
        #expect(isSaneTTY(try t.sttyAfterExit()))
        #expect(Self.jailtopProcesses(marker: "jailtop \(marker)").isEmpty)

        // Again, then drop the link: kill the server side of the session (its sshd processes).
        try t.run("clear; " + server.ssh(jailtop))
        try t.waitFor("Jails: 11 running", timeout: 30)
        let sessions = Self.jailtopProcesses(marker: "sshd-session: \(NSUserName())")
            + Self.jailtopProcesses(marker: "sshd: \(NSUserName())")
        #expect(!sessions.isEmpty)
        // Never kill(0, …): that would signal the test runner's own process group.
        for pid in sessions.compactMap({ pid_t($0) }) where pid > 1 { kill(pid, SIGKILL) }
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline, !Self.jailtopProcesses(marker: "jailtop \(marker)").isEmpty {
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(Self.jailtopProcesses(marker: "jailtop \(marker)").isEmpty, "jailtop lingered after its SSH link dropped")
        #expect(isSaneTTY(try t.sttyAfterExit()))
    }
}
