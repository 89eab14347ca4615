import JailtopCollect
import JailtopModel

/// Runs the dashboard: reads keys from the terminal, takes samples from the collection
/// driver, feeds both to the reducer, carries out its effects and redraws. Runs on one
/// thread (curses is not thread-safe); collection happens elsewhere.
public final class AppLoop {
    private let terminal: any Terminal
    private let driver: CollectionDriver
    public private(set) var state: AppState
    /// Polled between events: true once a quit signal (TERM, HUP, INT) arrived.
    private let quitSignalled: () -> Bool
    /// How long to wait for a key before looking at the inbox again.
    private let poll: Duration

    public init(
        terminal: any Terminal, driver: CollectionDriver, state: AppState, poll: Duration = .milliseconds(100),
        quitSignalled: @escaping () -> Bool = { false }
    ) {
        self.terminal = terminal
        self.driver = driver
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
        while !state.quitRequested {
            var events: [AppEvent] = []
            if quitSignalled() { events.append(.quitSignal) }
            if let input = terminal.nextEvent(timeout: poll) {
                switch input {
                case .key(let k): events.append(.key(k))
                case .resize(let size): events.append(.resize(size))
                }
            }
            events += driver.drain()
            guard !events.isEmpty else { continue }
            for event in events {
                for effect in AppReducer.reduce(&state, event) { perform(effect) }
            }
            let frame = Frame.render(state)
            if frame != previous {
                terminal.present(frame)
                previous = frame
            }
        }
    }

    private func perform(_ effect: Effect) {
        switch effect {
        case .quit: state.quitRequested = true
        case .collectNow: driver.collectNow()
        case .setInterval(let s): driver.setInterval(s)
        case .setPaused(let p): driver.setPaused(p)
        case .prioritize(let names): driver.prioritize(names)
        }
    }
}
