import ArgumentParser
import Foundation
import JailtopCollect
import JailtopModel
import JailtopReport

/// `jailtop [top]`: the live dashboard. Until the curses front end lands it prints the
/// current jail table once and says so.
struct TopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "top",
        abstract: "The live dashboard (default).")

    @OptionGroup var source: SourceOptions

    @Option(name: .customShort("J"), help: ArgumentHelp("Show only this jail.", valueName: "jail"))
    var jail: String?

    @Option(name: [.customShort("d"), .customLong("delay")], help: ArgumentHelp("Refresh interval in seconds.", valueName: "seconds"))
    var delay = 2.0

    @Flag(help: "Hide actions (start, stop, signals, limits).")
    var readOnly = false

    @Flag(help: "No colours (NO_COLOR in the environment does the same).")
    var noColor = false

    @Flag(help: "Draw with ASCII only.")
    var ascii = false

    func run() async throws {
        try await Output.reportingErrors {
            let collector = try source.makeCollector(batch: false)
            let snapshot = try await collector.collect()
            Output.warn("the full-screen dashboard is not built yet; showing one sample of \(collector.sourceDescription)")
            Output.lines(SnapshotReport(snapshot: snapshot, clock: Output.clock(snapshot.time)).render())
        }
    }
}
