import Foundation
import JailtopTestSupport

/// Several "hosts" behind one real sshd on loopback, for the fleet tests (issue 15): an
/// ssh_config whose aliases each reach sshd on their own loopback address with their own key,
/// and each key forced (`command=` in authorized_keys) into a wrapper that runs the requested
/// command with that host's stand-in root and PATH. So `ssh -F CONFIG h2 -- jailtop …` runs the
/// built jailtop against h2's root, and h2's calls.log shows what ran there.
final class LoopbackFleet {
    /// How a host alias behaves.
    enum Kind {
        /// A stand-in FreeBSD host (a copy of Fixtures/standin-host) with this hostname.
        case standIn(hostname: String)
        /// A host whose PATH has no jailtop.
        case withoutJailtop
        /// A host whose key the server does not accept.
        case refusingKey
        /// A host that never answers: its connection hangs before ssh's banner.
        case hanging
    }

    let dir: URL
    let port: Int
    var pid: pid_t = 0
    /// Each alias's stand-in root (for `.standIn` hosts).
    private(set) var roots: [String: StandInHostTests.Host] = [:]
    let aliases: [String]

    /// The environment a jailtop needs to reach the fleet: JAILTOP_SSH with the config, and a
    /// private runtime directory for the shared connections.
    var environment: [String: String] {
        ["JAILTOP_SSH": "\(sshPath) -F \(dir.path)/ssh_config", "XDG_RUNTIME_DIR": dir.appendingPathComponent("run").path]
    }

    let sshPath: String

    init(_ hosts: [(alias: String, kind: Kind)]) throws {
        sshPath = try ExternalTool.require("ssh")
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("jailtop-fleet-\(UUID().uuidString.prefix(8))")
        let fm = FileManager.default
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        try fm.createDirectory(at: dir.appendingPathComponent("run"), withIntermediateDirectories: true)
        try fm.setAttributes([.posixPermissions: 0o700], ofItemAtPath: dir.appendingPathComponent("run").path)
        #if os(Linux)
            try? fm.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        #endif
        aliases = hosts.map(\.alias)
        let keygen = try ExternalTool.require("ssh-keygen")
        try Spawn.run(keygen, ["-q", "-t", "ed25519", "-N", "", "-f", dir.appendingPathComponent("hostkey").path], capture: false)
        // The bin directory a host's PATH starts with: jailtop there, or nothing.
        let withJailtop = dir.appendingPathComponent("bin")
        try fm.createDirectory(at: withJailtop, withIntermediateDirectories: true)
        try fm.createSymbolicLink(atPath: withJailtop.appendingPathComponent("jailtop").path, withDestinationPath: CommandRunner.executable.path)
        var authorized = ""
        // Each host's client configuration, but for the port (known once sshd listens).
        var sshConfig: [(_ port: Int) -> String] = []
        for (index, host) in hosts.enumerated() {
            let address = "127.0.0.\(index + 1)"
            let key = dir.appendingPathComponent("key-\(host.alias)").path
            try Spawn.run(keygen, ["-q", "-t", "ed25519", "-N", "", "-f", key], capture: false)
            let alias = host.alias, hanging = host.kind.isHanging
            sshConfig.append { port in
                """
                Host \(alias)
                  HostName \(address)
                  Port \(port)
                  User \(NSUserName())
                  IdentityFile \(key)
                  IdentitiesOnly yes
                  StrictHostKeyChecking no
                  UserKnownHostsFile /dev/null
                  LogLevel ERROR
                \(hanging ? "  ProxyCommand sleep 600\n" : "")
                """
            }
            var path = "/usr/bin:/bin"
            var root = ""
            switch host.kind {
            case .standIn(let hostname):
                let standIn = try StandInHostTests.Host()
                let sysctl = standIn.root.appendingPathComponent("outputs/sysctl.txt")
                let text = try String(contentsOf: sysctl, encoding: .utf8).replacingOccurrences(of: "h1.example.org", with: hostname)
                try text.write(to: sysctl, atomically: true, encoding: .utf8)
                roots[host.alias] = standIn
                root = standIn.root.path
                path = withJailtop.path + ":" + path
            case .withoutJailtop, .refusingKey, .hanging:
                break
            }
            let wrapper = dir.appendingPathComponent("as-\(host.alias).sh")
            try """
                #!/bin/sh
                # The forced command of \(host.alias)'s key: its stand-in root, its PATH.
                export JAILTOP_ROOT='\(root)' PATH='\(path)' TZ=UTC NO_COLOR=1
                [ -n "$JAILTOP_ROOT" ] || unset JAILTOP_ROOT
                exec /bin/sh -c "$SSH_ORIGINAL_COMMAND"

                """.write(to: wrapper, atomically: true, encoding: .utf8)
            try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: wrapper.path)
            if case .refusingKey = host.kind { continue }
            let publicKey = try String(contentsOfFile: key + ".pub", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            authorized += "command=\"\(wrapper.path)\" \(publicKey)\n"
        }
        try authorized.write(to: dir.appendingPathComponent("authorized_keys"), atomically: true, encoding: .utf8)
        let dir = dir
        (pid, port) = try LoopbackSSHD.start(in: dir) { port in
            try sshConfig.map { $0(port) }.joined().write(to: dir.appendingPathComponent("ssh_config"), atomically: true, encoding: .utf8)
            let config = DashboardOverSSHTests.LoopbackSSHServer.config(
                port: port, listen: hosts.indices.map { "127.0.0.\($0 + 1)" }, dir: dir, extra: ["MaxStartups 100", "MaxSessions 100"])
            try config.write(to: dir.appendingPathComponent("sshd_config"), atomically: true, encoding: .utf8)
        }
    }

    /// What the fleet's sshd logged, for a failure message.
    var serverLog: String { LoopbackSSHD.logText(in: dir) }

    /// Drops a host's connection as a dead link would: SIGKILL to the sshd processes serving
    /// its sessions (the parents of the commands its key was forced into).
    func dropConnection(_ alias: String) {
        guard let root = roots[alias]?.root.path else { return }
        for pid in Self.processes(withEnvironment: "JAILTOP_ROOT=\(root)") {
            if let parent = Self.parent(of: pid), parent > 1 { kill(parent, SIGKILL) }
        }
    }

    /// Makes a host's forced command fail (true) or work again (false), as a host being
    /// rebooted would.
    func setDown(_ alias: String, _ down: Bool) throws {
        let wrapper = dir.appendingPathComponent("as-\(alias).sh").path
        try FileManager.default.setAttributes([.posixPermissions: down ? 0o644 : 0o755], ofItemAtPath: wrapper)
    }

    /// Pids whose environment holds `entry` (Linux's /proc).
    static func processes(withEnvironment entry: String) -> [pid_t] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap { name -> pid_t? in
            guard let pid = pid_t(name), let data = FileManager.default.contents(atPath: "/proc/\(name)/environ") else { return nil }
            return data.split(separator: 0).contains { String(decoding: $0, as: UTF8.self) == entry } ? pid : nil
        }
    }

    static func parent(of pid: pid_t) -> pid_t? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 1 ? pid_t(fields[1]) : nil
    }

    /// The calls a host's stand-in tools logged.
    func calls(_ alias: String) -> [String] {
        roots[alias]?.calls ?? []
    }

    /// Runs jailtop here, reaching the fleet.
    func run(_ arguments: [String]) throws -> CommandRunner.Result {
        try CommandRunner.run(arguments, source: .fixture, environment: environment)
    }

    func stop() {
        // The shared connections' masters first (they outlive their clients by ControlPersist).
        for alias in aliases {
            _ = try? Spawn.run(sshPath, ["-F", "\(dir.path)/ssh_config", "-o", "ControlPath=\(dir.path)/run/jailtop-ssh/%C", "-O", "exit", alias])
        }
        kill(pid, SIGTERM)
        Spawn.wait(pid)
        roots.values.forEach { $0.remove() }
        try? FileManager.default.removeItem(at: dir)
    }
}

extension LoopbackFleet.Kind {
    var isHanging: Bool {
        if case .hanging = self { true } else { false }
    }
}
