/// Picks a jail by the argument of `-J`, as top(1) and ps(1) do: a number is a JID
/// (0 meaning the host), anything else is a jail name: the kernel's, or the name the jail's
/// manager knows it by (iocage's `web.1` for `ioc-web_1`).
public enum JailSelector: Sendable, Equatable, CustomStringConvertible {
    case host
    case jid(Int)
    case name(String)

    public init(_ argument: String) {
        if let n = Int(argument), n >= 0 {
            self = n == 0 ? .host : .jid(n)
        } else {
            self = .name(argument)
        }
    }

    public var description: String {
        switch self {
        case .host: "0"
        case .jid(let n): String(n)
        case .name(let s): s
        }
    }

    /// Whether this selector names the given jail.
    public func matches(_ jail: Jail) -> Bool {
        switch self {
        case .host: false
        case .jid(let n): jail.jid == n
        case .name(let s): jail.name == s || jail.managedBy?.name == s
        }
    }

    /// The JID whose processes this selector means in `snapshot`, or nil when no such jail runs.
    public func processJID(in snapshot: Snapshot) -> Int? {
        switch self {
        case .host: 0
        // A running jail first: a stopped jail of another manager may have the same name.
        default: snapshot.jails.first { $0.jid != nil && matches($0) }?.jid
        }
    }
}
