/// How the link to a remote host stands: what the fleet dashboard's header and a batch
/// command's stderr say about it. Every state but `connecting` and `ok` carries the reason in
/// the words of ssh or of the far side's jailtop.
public enum RemoteHealth: Sendable, Equatable, CustomStringConvertible {
    /// ssh is starting, or is waiting for the first line.
    case connecting
    /// Samples arrive.
    case ok
    /// ssh could not log in (key refused, host key changed): no retry will fix it by itself.
    case authFailed(String)
    /// The far side has no jailtop (or not at the path given with --remote-command).
    case notInstalled(String)
    /// The far side's jailtop has no `snapshot --stream`, or speaks a stream protocol this one
    /// does not read.
    case tooOld(String)
    /// No connection: the name does not resolve, nothing listens, or it timed out.
    case unreachable(String)
    /// Samples were arriving and stopped: the link dropped, or the far side ended.
    case linkLost(String)

    /// The state in two words, for the header.
    public var label: String {
        switch self {
        case .connecting: "connecting"
        case .ok: "ok"
        case .authFailed: "auth failed"
        case .notInstalled: "not installed"
        case .tooOld: "too old"
        case .unreachable: "unreachable"
        case .linkLost: "link lost"
        }
    }

    /// Why, when it is not fine.
    public var reason: String? {
        switch self {
        case .connecting, .ok: nil
        case .authFailed(let why), .notInstalled(let why), .tooOld(let why), .unreachable(let why), .linkLost(let why): why
        }
    }

    public var description: String {
        reason.map { "\(label): \($0)" } ?? label
    }
}
