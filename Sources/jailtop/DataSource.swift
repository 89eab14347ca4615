import JailtopCollect
import JailtopControl
import JailtopModel

/// Where samples come from (the live host, a recording, the demo host), as one value that
/// builds the collector and the controller that acts on the same host.
enum DataSource {
    case live(HostPaths, FreeBSDCollector.Settings)
    /// A recording file (JSON Lines; `-` is standard input).
    case fixture(path: String)
    case demo

    /// What `open` builds: the collector and, when actions are on, the controller.
    struct Connection {
        var collector: any Collector
        var controller: (any Controller)?
        /// Why there is no controller, for the dashboard to say.
        var actionsDisabledReason: String?
    }

    /// How actions are carried out on a live host.
    struct ActionSettings {
        /// Where actions are logged; nil for the default under JAILTOP_ROOT.
        var actionLog: String?
        /// Program the shell action runs in a jail; nil for root's login shell there.
        var shell: String?
        /// Whether a managed jail's shell is its manager's console or jexec.
        var console: ActionCommandLine.ConsoleChoice = .manager
        /// A controller even for a user who cannot act (not root), for --dry-run: it only
        /// shows the commands.
        var evenWithoutPrivilege = false
    }

    /// The collector alone, for commands that only read.
    func makeCollector() throws -> any Collector {
        try open(actions: nil).collector
    }

    /// The collector, and a controller unless `actions` is nil (no actions) or the live host
    /// refuses them (not root: jail(8), rctl(8) and kill of other users' processes need root).
    func open(actions: ActionSettings?) throws -> Connection {
        switch self {
        case .fixture(let path):
            let collector = try FixtureCollector(contentsOf: path)
            // A recording cut off mid-line (a crash, a full disk) replays up to the cut; say so
            // before anything starts, on stderr.
            if let cut = collector.incompleteLine { Output.warn("warning: \(cut)") }
            return Connection(collector: collector, controller: actions.map { _ in FixtureController(collector: collector) })
        case .demo:
            let collector = try DemoHost.collector()
            return Connection(collector: collector, controller: actions.map { _ in FixtureController(collector: collector) })
        case .live(let paths, let settings):
            let runner = SpawnToolRunner(paths: paths)
            let collector = FreeBSDCollector(runner: runner, paths: paths, settings: settings)
            guard let actions else { return Connection(collector: collector) }
            if paths.root.isEmpty, geteuid() != 0, !actions.evenWithoutPrivilege {
                return Connection(collector: collector, actionsDisabledReason: "not root (run jailtop as root to act on jails)")
            }
            var controller = FreeBSDController(
                // A path the user gives is used as given (like --textfile); only the default is
                // the host's, and so under JAILTOP_ROOT.
                runner: runner, commandLine: ActionCommandLine(paths: paths),
                log: ActionLog(path: actions.actionLog ?? paths.resolve(ActionLog.defaultPath)),
                shellProgram: actions.shell)
            controller.console = actions.console
            return Connection(collector: collector, controller: controller)
        }
    }
}
