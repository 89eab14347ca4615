import JailtopActions
import JailtopModel

/// Carries out actions on a host: the FreeBSD controller runs base tools, the fixture
/// controller changes the replayed demo host. Both report what happened in the same form.
public protocol Controller: Sendable {
    /// The exact commands the action will run (shown in the confirmation dialog).
    func preview(_ action: JailAction) -> Result<[ToolCommand], ActionError>
    /// Runs exactly `confirmed` (the commands `preview` gave and the user agreed to) and checks
    /// the result; never throws — failures are outcomes. When the action would now be different
    /// commands (jail.conf edited in between), nothing runs: the outcome says it is stale.
    func perform(_ action: JailAction, confirmed: [ToolCommand]) async -> ActionOutcome
    /// The shell to run in a jail with the dashboard suspended (the manager's console for a
    /// jail `owner` keeps, unless configured otherwise).
    func shell(jid: Int, name: String, owner: ManagedBy?) -> ShellRequest
    /// Records how a shell in a jail ended (the action log); returns why it could not be recorded.
    func shellEnded(_ request: ShellRequest, jail: String, exit: ChildExit) -> String?
}

extension Controller {
    /// Runs the action's commands as `preview` gives them now (batch use, where nobody confirms).
    public func perform(_ action: JailAction) async -> ActionOutcome {
        switch preview(action) {
        case .success(let commands): await perform(action, confirmed: commands)
        case .failure(let error): ActionOutcome(action: action, steps: [], succeeded: false, message: error.description)
        }
    }

    /// Controllers without a log (the demo's) record nothing.
    public func shellEnded(_ request: ShellRequest, jail: String, exit: ChildExit) -> String? { nil }
}
