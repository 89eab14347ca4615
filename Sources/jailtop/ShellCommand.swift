import ArgumentParser
import JailtopActions
import JailtopApp
import JailtopControl
import JailtopModel

/// `jailtop shell NAME`: the dashboard's `e` as a command. A root shell in the jail (jexec -l,
/// or the jail manager's console), on this terminal; the shell's end is logged, and jailtop
/// exits with the shell's status.
struct ShellCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shell", abstract: "Open a root shell in a running jail (jexec, or its jail manager's console).")

    @OptionGroup var options: ActionOptions

    @Option(help: ArgumentHelp("Program to run in the jail (default: root's login shell there).", valueName: "path"))
    var shell: String?

    @Option(help: ArgumentHelp("How to enter a jail a manager keeps: its console, or jexec.", valueName: "manager|jexec"))
    var console: ActionCommandLine.ConsoleChoice = .manager

    @Argument(help: "The jail: a name (the kernel's or its manager's) or a JID.")
    var name: String

    func run() async throws {
        let session = try await Self.open(options, console: console, shell: shell, name: name)
        let jid: Int
        switch ActionPlan.shell(session.jail) {
        case .success(let running): jid = running
        case .failure(let refusal):
            Output.warn(refusal.description)
            throw ExitCode(1)
        }
        let request = session.session.controller.shell(jid: jid, name: session.jail.name, owner: session.jail.managedBy)
        if options.dryRun {
            Output.lines([SanitizedText.clean(ToolCommand(request.executable, request.arguments).description)])
            return
        }
        let exit: ChildExit
        switch ForegroundChild.run(request) {
        case .success(let status): exit = ChildExit(waitStatus: status)
        case .failure(let error): exit = .notStarted(error.description)
        }
        if let problem = session.session.controller.shellEnded(request, jail: session.jail.name, exit: exit) { Output.warn(problem) }
        switch exit {
        case .exited(let status): if status != 0 { throw ExitCode(status) }
        case .signaled(let signal): throw ExitCode(128 + signal)
        case .notStarted(let why):
            Output.warn(why)
            throw ExitCode(1)
        }
    }

    /// The sample and the jail, errors reported as every command reports them.
    static func open(_ options: ActionOptions, console: ActionCommandLine.ConsoleChoice, shell: String?, name: String) async throws -> (session: ActionSession, jail: Jail) {
        do {
            let session = try await ActionSession.open(options, parts: LifecycleCommand.parts, console: console, shell: shell)
            return (session, try session.jail(name))
        } catch let error as ExitCode {
            throw error
        } catch {
            Output.warn("\(error)")
            throw ExitCode(1)
        }
    }
}
