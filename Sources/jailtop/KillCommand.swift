import ArgumentParser
import JailtopActions
import JailtopCollect
import JailtopModel
import JailtopReport

/// `jailtop kill [-s SIG] PID…` or `jailtop kill -J JAIL`: the dashboard's signal menu as a
/// command. Only jailed processes: a pid that is not in a jail is refused (kill(1) is there
/// for the host's own), and the processes are checked to be gone after a signal that ends them.
struct KillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kill",
        abstract: "Send a signal to jailed processes, or to every process of a jail (-J).",
        discussion: "Signals: \(signalNames) (default TERM).")

    /// The signals' names, space-separated. Built by a plain loop: every command's start reads
    /// each subcommand's configuration, and `allCases.map(\.rawValue).joined` there spent some
    /// 0.2 ms resolving its generic types at run time.
    static var signalNames: String {
        var names = ""
        for signal in ProcessSignal.allCases {
            if !names.isEmpty { names += " " }
            names += signal.rawValue
        }
        return names
    }

    @OptionGroup var options: ActionOptions

    @Option(name: .customShort("s"), help: ArgumentHelp("The signal, by name (TERM, KILL, HUP, …; SIG is optional).", valueName: "signal"))
    var signal = "TERM"

    @Option(name: .customShort("J"), parsing: .unconditional, help: ArgumentHelp("Every process of this jail (a name or a JID).", valueName: "jail"))
    var jail: String?

    @Argument(help: "Process IDs (each in a jail).")
    var pids: [Int] = []

    func validate() throws {
        if jail == nil, pids.isEmpty { throw ValidationError("name the processes (PID…) or the jail (-J JAIL)") }
        if jail != nil, !pids.isEmpty { throw ValidationError("give PIDs or -J JAIL, not both") }
        _ = try parsedSignal()
    }

    func parsedSignal() throws -> ProcessSignal {
        let name = signal.uppercased()
        guard let parsed = ProcessSignal(rawValue: name.hasPrefix("SIG") ? String(name.dropFirst(3)) : name) else {
            throw ValidationError("unknown signal '\(signal)'; one of: \(Self.signalNames)")
        }
        return parsed
    }

    func run() async throws {
        let signal = try parsedSignal()
        try await Output.reportingErrors(cancelOnSignals: true) {
            let session = try await ActionSession.open(options, parts: [.jails, .processes], needs: [.jails, .processes])
            if let jail {
                try await session.run(ActionPlan.signalJail(try session.jail(jail), signal))
                return
            }
            for action in try Self.actions(pids: pids, signal: signal, in: session.sample) {
                try await session.run(action)
            }
        }
    }

    /// One signal action per jail the pids are in, in the order the pids were given.
    static func actions(pids: [Int], signal: ProcessSignal, in sample: Snapshot) throws -> [JailAction] {
        let names = sample.jailNamesByJID()
        let byPID = Dictionary(sample.processes.map { ($0.pid, $0.jid) }, uniquingKeysWith: { first, _ in first })
        var order: [Int] = []
        var byJail: [Int: [Int]] = [:]
        for pid in pids {
            guard let jid = byPID[pid] else { throw CLIError("no process \(pid)") }
            guard jid > 0 else { throw CLIError("process \(pid) is not in a jail (use kill(1) for the host's own processes)") }
            if byJail[jid] == nil { order.append(jid) }
            byJail[jid, default: []].append(pid)
        }
        return order.map { jid in .signal(pids: byJail[jid] ?? [], signal: signal, jail: names[jid] ?? "JID \(jid)") }
    }
}
