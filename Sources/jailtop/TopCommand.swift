import ArgumentParser
import Foundation
import JailtopCollect
import JailtopCurses
import JailtopModel
import JailtopUI

/// `jailtop [top]`: the live dashboard. Runs the UI loop on the main thread (curses wants one
/// thread); samples are taken on the concurrency pool by the collection driver.
struct TopCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "top",
        abstract: "The live dashboard (default).",
        discussion: "Press ? inside for the keys. The terminal is restored on q, Ctrl-C, SIGTERM and SIGHUP.")

    @OptionGroup var source: SourceOptions

    @Option(name: .customShort("J"), help: ArgumentHelp("Show only this jail (a name or a JID).", valueName: "jail"))
    var jail: String?

    @Option(name: [.customShort("d"), .customLong("delay")], help: ArgumentHelp("Refresh interval in seconds.", valueName: "seconds"))
    var delay = 2.0

    @Flag(help: "Hide actions (start, stop, signals, limits).")
    var readOnly = false

    @Flag(help: "No colours (a non-empty NO_COLOR in the environment does the same).")
    var noColor = false

    @Flag(help: "Draw with ASCII only (also when the locale is not UTF-8).")
    var ascii = false

    func validate() throws {
        guard delay >= 0.2, delay.isFinite else { throw ValidationError("-d must be at least 0.2 seconds") }
        if jail == "0" { throw ValidationError("-J 0 would show the host, not a jail; use 'jailtop ps -J 0' for host processes") }
    }

    func run() throws {
        // Everything that can fail plainly fails before curses takes the screen.
        let collector: any Collector
        do {
            collector = try source.makeCollector(batch: false)
        } catch {
            Output.warn("\(error)")
            throw ExitCode(1)
        }
        TerminalGuard.install()
        defer { TerminalGuard.restore() }
        let terminal: CursesTerminal
        do {
            terminal = try CursesTerminal(options: .fromEnvironment(noColorFlag: noColor, forceASCII: ascii))
        } catch {
            TerminalGuard.restore()
            Output.warn("cannot start the dashboard: \(error) (for batch output use 'jailtop snapshot')")
            throw ExitCode(1)
        }
        var state = AppState(
            size: terminal.size, sourceDescription: collector.sourceDescription, refreshInterval: delay,
            unicode: terminal.capabilities.unicode, jailScope: jail.map(JailSelector.init),
            actionsDisabledReason: readOnly ? "--read-only" : nil)
        state.utcOffsetSeconds = Self.localUTCOffset()
        let driver = CollectionDriver(collector: collector, interval: .milliseconds(Int(delay * 1000)))
        let loop = AppLoop(terminal: terminal, driver: driver, state: state, quitSignalled: { TerminalGuard.quitRequested })
        loop.run()
        terminal.stop()
        TerminalGuard.restore()
        // Leave with the status a shell expects from the signal that ended us (130 for Ctrl-C).
        if let signal = TerminalGuard.quitSignal { throw ExitCode(128 + signal) }
    }

    /// Seconds east of UTC of the local time zone now (for the header clock).
    static func localUTCOffset() -> Int {
        TimeZone.current.secondsFromGMT()
    }
}
