import ArgumentParser
import Foundation
import JailtopCollect
import JailtopModel

/// The SOURCE options every subcommand shares (DESIGN.md §2): where samples come from.
struct SourceOptions: ParsableArguments {
    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case auto, live, fixture
    }

    @Option(help: "Where samples come from: auto (live on FreeBSD or with JAILTOP_ROOT, else the demo host), live, or fixture.")
    var source: Kind = .auto

    @Option(help: ArgumentHelp("Replay a recording (JSON Lines, as written by 'jailtop record'); - reads standard input.", valueName: "file"))
    var fixture: String?

    @Option(help: ArgumentHelp("Seconds a base tool may run before it is killed (live source).", valueName: "seconds"))
    var toolTimeout = 5.0

    func validate() throws {
        try SecondsOption.check(toolTimeout, "--tool-timeout", 0.1...3600)
        if fixture != nil, source == .live {
            throw ValidationError("--fixture cannot be combined with --source live")
        }
    }

    /// The collector these options select.
    /// - Parameter batch: batch commands want every jail's usage in every sample; the dashboard
    ///   spreads per-jail rctl calls over refreshes instead.
    func makeCollector(batch: Bool) throws -> any Collector {
        if let fixture {
            let collector = try FixtureCollector(contentsOf: fixture)
            // A recording cut off mid-line (a crash, a full disk) replays up to the cut; say so
            // before anything starts, on stderr.
            if let cut = collector.incompleteLine { Output.warn("warning: \(cut)") }
            return collector
        }
        switch resolvedKind() {
        case .fixture, .auto:
            return try DemoHost.collector()
        case .live:
            let paths = HostPaths(environment: ProcessInfo.processInfo.environment)
            var settings = FreeBSDCollector.Settings()
            settings.timeout = SecondsOption.duration(toolTimeout)
            if batch {
                settings.usageCallsPerRefresh = nil
                settings.networkCallsPerRefresh = nil
            }
            return FreeBSDCollector(runner: SubprocessToolRunner(paths: paths), paths: paths, settings: settings)
        }
    }

    /// `auto` made concrete: live on FreeBSD or when JAILTOP_ROOT points at stand-in tools.
    func resolvedKind() -> Kind {
        guard source == .auto else { return source }
        #if os(FreeBSD)
            return .live
        #else
            return ProcessInfo.processInfo.environment["JAILTOP_ROOT"].map { !$0.isEmpty } == true ? .live : .fixture
        #endif
    }
}

/// A failure to report as `jailtop: message` with exit status 1.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = message }
}
