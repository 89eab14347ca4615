import JailtopActions
import JailtopCollect
import JailtopModel

/// Makes the demo interactive: actions change the replayed host instead of a real one. Stop
/// removes a jail's processes and marks it stopped (dying for a moment first), start brings
/// it back with a new JID, signals remove processes, limit changes show in the bars. The
/// confirmation dialog still shows the FreeBSD command it stands for.
public struct FixtureController: Controller {
    public var collector: FixtureCollector
    private let commandLine = ActionCommandLine(paths: HostPaths(), configFile: { _ in "/etc/jail.conf" })

    public init(collector: FixtureCollector) {
        self.collector = collector
    }

    public func preview(_ action: JailAction) -> Result<[ToolCommand], ActionError> {
        do { return .success(try commandLine.commands(for: action)) } catch { return .failure(error) }
    }

    /// The demo's shell: a plain /bin/sh on this machine, with a banner saying so.
    public func shell(jid: Int, name: String, owner: ManagedBy?) -> ShellRequest {
        let real = commandLine.shell(jid: jid, name: name, shell: nil, owner: owner)
        return ShellRequest(
            executable: "/bin/sh", arguments: ["-i"],
            banner: """
                jailtop demo: this is NOT a shell in a jail. On FreeBSD, jailtop runs
                  \(real.arguments.reduce(real.executable.split(separator: "/").last.map(String.init) ?? "jexec") { $0 + " " + $1 })
                here. Type exit to return to the dashboard.
                """,
            environment: ["PS1": "demo-\(SanitizedText.ascii(name))# "])
    }

    public func perform(_ action: JailAction, confirmed: [ToolCommand]) async -> ActionOutcome {
        let commands = (try? preview(action).get()) ?? []
        let steps = commands.map { ActionOutcome.Step(command: $0, status: 0, stderr: "") }
        let current = await collector.current()
        let jail = { (name: String) in current?.jail(named: name) }
        switch action {
        case .start(let name, _):
            guard let j = jail(name) else { return failed(action, "no jail \(name)") }
            guard j.state != .running else { return failed(action, "jail: \"\(name)\" already exists") }
            let jid = await collector.allocateJID()
            await collector.change { o, _ in
                o.stopped[name] = nil
                o.killedJails.remove(name)
                o.started[name] = jid
            }
            return ActionOutcome(action: action, steps: steps, succeeded: true, message: "(demo) \(name) started (JID \(jid))")
        case .stop(let name, _, _, _):
            guard let j = jail(name), j.state == .running else { return failed(action, "jail: \"\(name)\" not found") }
            let time = current?.time ?? 0
            await collector.change { o, _ in
                o.started[name] = nil
                o.stopped[name] = time
            }
            return ActionOutcome(action: action, steps: steps, succeeded: true, message: "(demo) \(name) stopped")
        case .restart(let name, let old, _):
            guard let j = jail(name), j.state == .running else { return failed(action, "jail: \"\(name)\" not found") }
            let jid = await collector.allocateJID()
            await collector.change { o, _ in
                o.stopped[name] = nil
                o.started[name] = jid
            }
            return ActionOutcome(action: action, steps: steps, succeeded: true, message: "(demo) \(name) restarted (JID \(old) → \(jid))")
        case .signal(let pids, let signal, _):
            if signal.ends { await collector.change { o, _ in o.killed.formUnion(pids) } }
            return ActionOutcome(action: action, steps: steps, succeeded: true, message: "(demo) sent \(signal.name) to \(pids.count) process\(pids.count == 1 ? "" : "es")")
        case .signalJail(let name, _, let signal):
            if signal.ends { await collector.change { o, _ in o.killedJails.insert(name) } }
            return ActionOutcome(action: action, steps: steps, succeeded: true, message: "(demo) sent \(signal.name) to the processes of \(name)")
        case .addRule(let rule, _):
            await collector.change { o, _ in
                o.removedRules.remove(rule.rule)
                o.addedRules.append(rule)
            }
            return ActionOutcome(action: action, steps: steps, succeeded: true, message: "(demo) added \(rule.rule)")
        case .removeRule(let rule, _):
            await collector.change { o, _ in
                o.addedRules.removeAll { $0 == rule }
                o.removedRules.insert(rule.rule)
            }
            return ActionOutcome(action: action, steps: steps, succeeded: true, message: "(demo) removed \(rule.rule)")
        case .replaceRule(let old, let new, _):
            await collector.change { o, _ in
                o.addedRules.removeAll { $0 == old }
                o.removedRules.insert(old.rule)
                o.removedRules.remove(new.rule)
                o.addedRules.append(new)
            }
            return ActionOutcome(action: action, steps: steps, succeeded: true, message: "(demo) changed \(old.rule) to \(new.rule)")
        }
    }

    private func failed(_ action: JailAction, _ why: String) -> ActionOutcome {
        ActionOutcome(action: action, steps: [], succeeded: false, message: "\(action.summary) failed: \(why)")
    }
}
