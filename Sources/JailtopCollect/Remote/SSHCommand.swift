import JailtopModel

/// The argv jailtop runs to reach a remote host: the system OpenSSH client (or the command in
/// `JAILTOP_SSH`, e.g. `ssh -F ./ssh_config`), never a shell on this side, with connection
/// sharing so that actions reuse the stream's link. The far side's sshd hands the command to the
/// user's login shell there, so every remote word is quoted for sh.
public struct SSHCommand: Sendable, Equatable {
    /// The client and its own arguments: `JAILTOP_SSH` split at blanks, or `ssh`.
    public var client: [String]
    /// jailtop on the far side (`--remote-command`): a name found in its PATH, or a path.
    public var remoteJailtop: String
    /// The private directory of the ControlMaster sockets; nil turns connection sharing off.
    public var controlDirectory: String?
    /// Seconds between ssh's keep-alive probes; after three unanswered, the link counts as lost.
    public var aliveInterval: Int = 5
    /// Seconds ssh may take to connect.
    public var connectTimeout: Int = 10

    public static let defaultClient = ["ssh"]
    public static let defaultRemoteJailtop = "jailtop"

    public init(client: [String] = SSHCommand.defaultClient, remoteJailtop: String = SSHCommand.defaultRemoteJailtop, controlDirectory: String?) {
        self.client = client.isEmpty ? Self.defaultClient : client
        self.remoteJailtop = remoteJailtop
        self.controlDirectory = controlDirectory
    }

    /// From the environment: `JAILTOP_SSH` when set and not blank.
    public init(environment: [String: String], remoteJailtop: String?, controlDirectory: String?) {
        let words = (environment["JAILTOP_SSH"] ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        self.init(client: words, remoteJailtop: remoteJailtop ?? Self.defaultRemoteJailtop, controlDirectory: controlDirectory)
    }

    /// `ssh OPTIONS HOST -- jailtop snapshot --stream --json -d S`; with `processes` false,
    /// `--no-processes` (the dashboard asks for the jail it lists once it knows).
    public func stream(_ host: RemoteHost, interval: Double, processes: Bool = true) -> [String] {
        remote(host, ["snapshot", "--stream", "--json", "-d", Self.seconds(interval)] + (processes ? [] : ["--no-processes"]))
    }

    /// `ssh OPTIONS [-t] HOST -- jailtop WORDS…`: an action on the far side (`stop -- NAME`),
    /// with a terminal for the shell.
    public func remote(_ host: RemoteHost, _ words: [String], terminal: Bool = false) -> [String] {
        var argv = client + options()
        argv.append(terminal ? "-t" : "-T")
        argv += [host.destination, "--"]
        argv += ([remoteJailtop] + words).map(Self.quotedForShell)
        return argv
    }

    /// The options every connection gets: no password prompt (there is no terminal to ask on),
    /// keep-alives so a dead link is noticed, and the shared connection.
    func options() -> [String] {
        var options = [
            "-o", "BatchMode=yes",
            "-o", "ServerAliveInterval=\(aliveInterval)",
            "-o", "ServerAliveCountMax=3",
            "-o", "ConnectTimeout=\(connectTimeout)",
        ]
        if let controlDirectory {
            // %C is a hash of the connection's parameters: short enough for a socket path.
            options += ["-o", "ControlMaster=auto", "-o", "ControlPath=\(controlDirectory)/%C", "-o", "ControlPersist=60"]
        }
        return options
    }

    /// The client's program as a path, looked up in `PATH` when it has no slash (what
    /// posix_spawn(3) without the p needs); as given when it is not found.
    public func clientPath(environment: [String: String]) -> String {
        let program = client[0]
        guard !program.contains("/") else { return program }
        for dir in (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") where !dir.isEmpty {
            let candidate = "\(dir)/\(program)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return program
    }

    /// A word the far side's sh reads back as exactly this word.
    public static func quotedForShell(_ word: String) -> String {
        let safe = !word.isEmpty && word.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || "-_./:=,@%+".utf8.contains(b)
        }
        if safe { return word }
        return "'" + word.replacing("'", with: "'\\''") + "'"
    }

    /// Seconds as the far side's `-d` reads them: shortest decimal form.
    static func seconds(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(value)
    }
}
