import JailtopActions
import JailtopCollect
import JailtopControl
import JailtopModel
import JailtopUI

/// Runs the dashboard: reads keys from the terminal, takes samples from the collection
/// driver, feeds both to the reducer, carries out its effects and redraws. Runs on one
/// thread (curses is not thread-safe); collection happens elsewhere.
public final class AppLoop {
    private let terminal: any Terminal
    private let driver: CollectionDriver
    /// Runs actions; nil makes the dashboard read-only.
    private let controller: (any Controller)?
    /// The fleet dashboard's: one controller per remote host (its `--host` label).
    private let remoteControllers: [String: any Controller]
    /// The host of the action being confirmed (nil: this host), so it runs where it was shown.
    private var actionHost: String?
    public private(set) var state: AppState
    /// Polled between events: true once a quit signal (TERM, HUP, INT) arrived.
    private let quitSignalled: () -> Bool
    /// How long to wait for a key before looking at the inbox again.
    private let poll: Duration
    /// Seconds since the epoch, for message times and a late sample's age.
    private let wallClock: () -> Double
    /// Writes the setup screen's settings to the user's jailtoprc; says where, or why not.
    private let saveSettings: (DashboardSettings) -> String

    public init(
        terminal: any Terminal, driver: CollectionDriver, controller: (any Controller)? = nil,
        remoteControllers: [String: any Controller] = [:], state: AppState,
        poll: Duration = .milliseconds(100), quitSignalled: @escaping () -> Bool = { false },
        wallClock: @escaping () -> Double = { Date().timeIntervalSince1970 },
        saveSettings: @escaping (DashboardSettings) -> String = { _ in "settings are not saved from here" }
    ) {
        self.wallClock = wallClock
        self.saveSettings = saveSettings
        self.terminal = terminal
        self.driver = driver
        self.controller = controller
        self.remoteControllers = remoteControllers
        self.state = state
        self.poll = poll
        self.quitSignalled = quitSignalled
    }

    /// Runs until the user quits or a quit signal arrives.
    public func run() {
        let collection = driver.start()
        defer { collection.cancel() }
        state.size = terminal.size
        var previous = Frame.render(state)
        terminal.present(previous)
        var lastTick = 0.0
        while !state.quitRequested {
            var events: [AppEvent] = []
            if quitSignalled() { events.append(.quitSignal) }
            if let input = terminal.nextEvent(timeout: poll) {
                switch input {
                case .key(let k): events.append(.key(k))
                case .resize(let size): events.append(.resize(size))
                case .mouse(let event): events.append(.mouse(event))
                }
            }
            events += driver.drain()
            // The clock, before what happened now, and once a second for a late sample's age.
            let now = wallClock()
            if !events.isEmpty || now - lastTick >= 1 {
                events.insert(.tick(now), at: 0)
                lastTick = now
            }
            guard !events.isEmpty else { continue }
            var sampled = false
            while !events.isEmpty {
                let event = events.removeFirst()
                switch event {
                case .snapshot, .hostSample, .hostSamples: sampled = true
                default: break
                }
                for effect in AppReducer.reduce(&state, event) { events += perform(effect) }
            }
            let frame = Frame.render(state)
            if frame != previous {
                terminal.present(frame)
                previous = frame
            }
            // The sample it replaced is freed now: give its memory back while nothing is due.
            if sampled { FreedMemory.release() }
        }
        // Quitting while an action runs (a `jail -r` stuck in exec.stop): stop its command
        // rather than leave it running on, and let the controller log how it ended.
        if driver.actionsRunning {
            state.message = "quitting: stopping \(state.busy ?? "the running action")…"
            terminal.present(Frame.render(state))
            _ = driver.cancelActions(waitingAtMost: .seconds(5))
        }
    }

    /// This host's controller, or a remote host's.
    private func controller(for host: String?) -> (any Controller)? {
        guard let host else { return controller }
        return remoteControllers[host]
    }

    /// Carries out an effect; returns events it produced at once (a confirmation to show).
    private func perform(_ effect: Effect) -> [AppEvent] {
        switch effect {
        case .quit: state.quitRequested = true
        case .collectNow: driver.collectNow()
        case .setInterval(let s): driver.setInterval(s)
        case .setPaused(let p): driver.setPaused(p)
        case .prioritize(let priority): driver.prioritize(priority)
        case .confirm(let action, let notes):
            // The selected jail's host: the reducer asked for this action on it just now.
            actionHost = state.selectedJail(in: state.jailRows())?.remote
            guard let controller = controller(for: actionHost) else { return [.collectFailed("actions are not available")] }
            return [.confirmation(action, notes: notes, commands: controller.preview(action))]
        case .perform(let action, let commands):
            guard let controller = controller(for: actionHost) else { return [] }
            driver.run { await controller.perform(action, confirmed: commands) }
        case .inspect(let pid): driver.inspect(pid: pid)
        case .saveSettings(let settings): state.message = saveSettings(settings)
        case .useTheme(let theme): terminal.use(theme)
        case .shell(let jid, let name, let owner):
            guard let controller = controller(for: state.selectedJail(in: state.jailRows())?.remote) else { return [] }
            let request = controller.shell(jid: jid, name: name, owner: owner)
            let exit = terminal.suspend { () -> ChildExit in
                let banner = Array(("\n" + request.banner + "\n\n").utf8)
                _ = banner.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
                return ForegroundChild.runShowingFailure(request)
            }
            driver.collectNow()
            let logProblem = controller.shellEnded(request, jail: name, exit: exit)
            switch exit {
            case .exited(0): state.message = "back from the shell in \(name)"
            case .exited, .signaled: state.message = "the shell in \(name) ended: \(exit)"
            case .notStarted(let why): state.overlay = .result(title: "Cannot open a shell in \(name) (JID \(jid))", lines: [why])
            }
            if let logProblem { state.message = (state.message ?? "") + " (\(logProblem))" }
        }
        return []
    }
}
