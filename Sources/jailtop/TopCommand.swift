import ArgumentParser
import Dispatch
import JailtopApp
import JailtopCollect
import JailtopControl
import JailtopCurses
import JailtopModel
import JailtopUI
import Synchronization

/// `jailtop [top]`: the live dashboard. Runs the UI loop on the main thread (curses wants one
/// thread); samples are taken on the concurrency pool by the collection driver.
struct TopCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "top",
        abstract: "The live dashboard (default).",
        discussion: "Press ? inside for the keys. The terminal is restored on q, Ctrl-C, SIGTERM and SIGHUP.")

    @OptionGroup var source: SourceOptions

    @OptionGroup var remote: RemoteOptions

    @Option(name: .customShort("J"), parsing: .unconditional, help: ArgumentHelp("Show only this jail (a name or a JID).", valueName: "jail"))
    var jail: String?

    @Option(
        name: [.customShort("d"), .customLong("delay")],
        help: ArgumentHelp("Refresh interval in seconds (default 2, or jailtoprc's delay).", valueName: "seconds"))
    var delay: Double?

    @Flag(help: "No mouse: presses and the wheel stay the terminal's, for selecting text (as mouse = no in jailtoprc).")
    var noMouse = false

    @Flag(help: "Hide actions (start, stop, signals, limits).")
    var readOnly = false

    @Flag(help: "No colours (a non-empty NO_COLOR in the environment does the same).")
    var noColor = false

    @Flag(help: "Draw with ASCII only (also when the locale is not UTF-8).")
    var ascii = false

    @Option(
        help: ArgumentHelp(
            "Where actions are logged (time, user, argv, exit status, stderr); default \(ActionLog.defaultPath).", valueName: "file"))
    var actionLog: String?

    @Option(help: ArgumentHelp("Program the shell action runs in a jail (default: root's login shell there).", valueName: "path"))
    var shell: String?

    @Option(
        help: ArgumentHelp(
            "How e enters a jail a manager keeps: its console (bastille console, iocage console, pot term, …) or jexec.",
            valueName: "manager|jexec"))
    var console: ActionCommandLine.ConsoleChoice = .manager

    func validate() throws {
        if let delay { try SecondsOption.check(delay, "-d", 0.2...SecondsOption.day) }
    }

    func run() throws {
        FreedMemory.keepHeapCompact()
        let settings = SettingsFiles().load()
        let interval = delay ?? settings.settings.delay ?? 2
        if remote.isRemote {
            try runFleet(interval: interval, settings: settings)
            return
        }
        // Everything that can fail plainly fails before curses takes the screen.
        let connection: DataSource.Connection
        do {
            connection = try source.dataSource(batch: false).open(actions: readOnly ? nil : .init(actionLog: actionLog, shell: shell, console: console))
        } catch {
            Output.warn("\(error)")
            throw ExitCode(1)
        }
        let collector = connection.collector
        // `-J NAME` for a jail the host does not have is an error, as in `snapshot -J`, not an
        // empty dashboard.
        if let jail, JailSelector(jail) != .host {
            let selector = JailSelector(jail)
            if let sample = Self.firstSample(from: collector), !sample.jails.contains(where: selector.matches) {
                Output.warn("jail \"\(selector)\" not found")
                throw ExitCode(1)
            }
        }
        try runDashboard(
            driver: CollectionDriver(collector: collector, interval: SecondsOption.duration(interval)), controller: connection.controller,
            remoteControllers: [:], sourceDescription: collector.sourceDescription,
            actionsDisabledReason: readOnly ? "--read-only" : connection.actionsDisabledReason, fleet: nil, interval: interval, settings: settings)
    }

    /// Takes the terminal, runs the dashboard loop until it quits, and gives the terminal back.
    func runDashboard(
        driver: CollectionDriver, controller: (any Controller)?, remoteControllers: [String: any Controller], sourceDescription: String,
        actionsDisabledReason: String?, fleet: FleetState?, interval: Double, settings: (settings: DashboardSettings, problems: [String])
    ) throws {
        TerminalGuard.install()
        defer { TerminalGuard.restore() }
        // Only when the runtime was told to write backtraces to stderr (CrashBacktraces).
        if ProcessInfo.processInfo.environment[CrashBacktraces.variable] == CrashBacktraces.setting {
            TerminalGuard.sendCrashBacktrace(toFile: CrashBacktraces.logPath())
        }
        let terminal: CursesTerminal
        do {
            var options = CursesTerminal.Options.fromEnvironment(noColorFlag: noColor, forceASCII: ascii)
            options.mouse = !noMouse && settings.settings.mouse != false
            options.theme = .named(settings.settings.theme ?? .standard)
            terminal = try CursesTerminal(options: options)
        } catch {
            TerminalGuard.restore()
            Output.warn("cannot start the dashboard: \(error) (for batch output use 'jailtop snapshot')")
            throw ExitCode(1)
        }
        var state = AppState(
            size: terminal.size, sourceDescription: sourceDescription, refreshInterval: interval,
            unicode: terminal.capabilities.unicode, jailScope: jail.map(JailSelector.init),
            actionsDisabledReason: actionsDisabledReason)
        state.utcOffsetSeconds = Self.localUTCOffset()
        state.fleet = fleet
        // jailtoprc's columns and sorts; -d over its delay. What it got wrong is said at once.
        var kept = settings.settings
        kept.delay = interval
        state.apply(kept)
        for problem in settings.problems { state.message = problem }
        let files = SettingsFiles()
        let loop = AppLoop(
            terminal: terminal, driver: driver, controller: controller, remoteControllers: remoteControllers, state: state,
            quitSignalled: { TerminalGuard.quitRequested }, saveSettings: files.save)
        loop.run()
        terminal.stop()
        TerminalGuard.restore()
        // Leave with the status a shell expects from the signal that ended us (130 for Ctrl-C).
        if let signal = TerminalGuard.quitSignal { throw ExitCode(128 + signal) }
    }

    /// The fleet dashboard: every `--host`'s stream, one controller per host for the actions.
    func runFleet(interval: Double, settings: (settings: DashboardSettings, problems: [String])) throws {
        let streams: [RemoteHostStream]
        let ssh: SSHCommand
        do {
            ssh = remote.sshCommand()
            streams = try remote.streams(interval: interval, dashboard: true, ssh: ssh)
        } catch {
            Output.warn("\(error)")
            throw ExitCode(1)
        }
        let environment = ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" }
        var controllers: [String: any Controller] = [:]
        if !readOnly {
            for stream in streams {
                var controller = RemoteController(host: stream.host, ssh: ssh, environment: environment)
                controller.shellProgram = shell
                controller.console = console
                controllers[stream.host.destination] = controller
            }
        }
        try runDashboard(
            driver: CollectionDriver(streams: streams), controller: nil, remoteControllers: controllers,
            sourceDescription: "\(streams.count) \(streams.count == 1 ? "host" : "hosts") over ssh",
            actionsDisabledReason: readOnly ? "--read-only" : nil, fleet: FleetState(hosts: streams.map(\.host.destination)),
            interval: interval, settings: settings)
    }

    /// One sample taken before the dashboard starts, or nil if it failed (the dashboard then
    /// shows why). The main thread waits for it: curses is not up yet.
    static func firstSample(from collector: any Collector) -> Snapshot? {
        let result = Mutex<Snapshot?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            let sample = try? await collector.collect()
            result.withLock { $0 = sample }
            done.signal()
        }
        done.wait()
        return result.withLock { $0 }
    }

    /// Seconds east of UTC of the local time zone now (for the header clock).
    static func localUTCOffset() -> Int {
        TimeZone.current.secondsFromGMT()
    }
}

extension ActionCommandLine.ConsoleChoice: ExpressibleByArgument {}
