import ArgumentParser
import JailtopCollect
import JailtopModel

/// `--host`, `--hosts` and `--remote-command`: samples from other hosts, through the admin's
/// own ssh (DESIGN.md §7a). Given, they replace this host as the source.
struct RemoteOptions: ParsableArguments {
    @Option(
        name: .customLong("host"),
        help: ArgumentHelp("A host to read over ssh ([USER@]HOST or an ssh_config alias); repeat for several.", valueName: "host"))
    var hosts: [String] = []

    @Option(name: .customLong("hosts"), help: ArgumentHelp("A file of hosts, one per line (# starts a comment).", valueName: "file"))
    var hostsFile: String?

    @Option(help: ArgumentHelp("jailtop on the remote hosts: a name in their PATH or a path (default jailtop).", valueName: "path"))
    var remoteCommand: String?

    var isRemote: Bool { !hosts.isEmpty || hostsFile != nil }

    func validate() throws {
        for host in hosts {
            do { _ = try RemoteHost(host) } catch { throw ValidationError("--host: \(error.description)") }
        }
        if let remoteCommand, remoteCommand.isEmpty || remoteCommand.first == "-" {
            throw ValidationError("--remote-command must name jailtop on the far side")
        }
    }

    /// Every host, from --host first and then the file, each once.
    func remoteHosts() throws -> [RemoteHost] {
        var all = try hosts.map { text throws(RemoteHostError) in try RemoteHost(text) }
        if let hostsFile {
            let bytes: [UInt8]
            switch RegularFileReader.bytes(atPath: hostsFile, maximumSize: 1 << 20) {
            case .success(let read): bytes = read
            case .failure(let why): throw CLIError("cannot read the hosts file \(hostsFile): \(why)")
            }
            for host in try RemoteHost.list(fromFile: hostsFile, contents: String(decoding: bytes, as: UTF8.self)) where !all.contains(host) {
                all.append(host)
            }
        }
        guard !all.isEmpty else { throw CLIError("\(hostsFile ?? "--hosts") names no host") }
        return all
    }

    /// The ssh command line: JAILTOP_SSH or ssh, with shared connections when the private
    /// directory can be had (a warning otherwise).
    func sshCommand() -> SSHCommand {
        let environment = ProcessInfo.processInfo.environment
        var directory: String?
        switch ControlDirectory.prepare(ControlDirectory.path(environment: environment)) {
        case .success(let path): directory = path
        case .failure(let why): Output.warn("warning: ssh connections are not shared: \(why.description)")
        }
        return SSHCommand(environment: environment, remoteJailtop: remoteCommand, controlDirectory: directory)
    }

    /// One stream per host, sampling every `interval` seconds. The dashboard's reconnect, and
    /// start with no process (`--no-processes`); a batch command's end with their first failure
    /// and bring every process.
    func streams(interval: Double, dashboard: Bool, ssh: SSHCommand? = nil) throws -> [RemoteHostStream] {
        let ssh = ssh ?? sshCommand()
        let environment = ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" }
        return try remoteHosts().map {
            RemoteHostStream(host: $0, ssh: ssh, interval: interval, environment: environment, reconnects: dashboard, processes: !dashboard)
        }
    }
}
