import JailtopModel

/// The remote hosts of the fleet dashboard, in `--host` order: each one's samples (its own
/// rates, history and lookups), the health of its link, and which one is on screen. The jail
/// table lists every host's jails; the header, the detail tabs and the actions follow the
/// selected jail's host, whose track `AppState.track` mirrors.
public struct FleetState: Sendable {
    /// One remote host.
    public struct Host: Sendable {
        /// The `--host` argument: the HOST column, and where actions go.
        public var label: String
        public var health: RemoteHealth = .connecting { didSet { changes &+= 1 } }
        public var track = HostTrack() { didSet { changes &+= 1 } }
        /// Counts changes of its sample and health, so its stored rows know when they are stale.
        public private(set) var changes = 0
        /// Its jails' rows, unsorted: a sample of one host rebuilds only that host's.
        var storedRows: CachedRows<HostRowsInputs, JailRow>?

        public init(label: String) {
            self.label = label
        }

        /// Whether its rows are the last ones it sent, not live: the link is down.
        public var isStale: Bool { track.snapshot != nil && health != .ok }

        /// What the header says is wrong with it, nil when nothing is: its link first, then a
        /// source its sample says failed as a whole there ("jails failing": `jls` broke on
        /// that host, so it lists no jails although the link is fine).
        public var problem: (label: String, reason: String?)? {
            if health != .ok { return (health.label, health.reason) }
            guard let failed = track.snapshot?.errors.first(where: { !$0.isPartial }) else { return nil }
            return ("\(failed.source.rawValue) failing", "\(failed.source.rawValue): \(failed.message)")
        }
    }

    public var hosts: [Host]
    /// The host whose track is `AppState.track` (the selected jail's).
    public var focused = 0
    /// Only this host's jails (`@` cycles through the hosts); nil lists every host.
    public var filter: String?
    /// Counts samples and health changes of every host, so stored rows know when they are stale.
    public var generation = 0

    public init(hosts: [String]) {
        self.hosts = hosts.map(Host.init(label:))
    }

    public func index(of label: String?) -> Int? {
        hosts.firstIndex { $0.label == label }
    }
}

/// What one host's jail rows are built from (its sample and health, and the table's filters).
struct HostRowsInputs: Sendable, Equatable {
    var changes: Int
    var scope: JailSelector?
    var filter: String
    var manager: ManagerFilter
}
