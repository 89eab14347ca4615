import ArgumentParser
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

    /// The source these options select.
    /// - Parameters:
    ///   - batch: batch commands want every jail's usage and every process's columns in every
    ///     sample; the dashboard spreads per-jail rctl calls over refreshes instead, and reads
    ///     beyond the counters only the processes of the jail it lists.
    ///   - samples: how many samples the command takes (one: nothing is kept for a next one).
    ///   - parts: what a live sample holds; a command asks only for what it prints.
    ///   - streaming: the samples of `snapshot --stream`: spread like the dashboard's, but with
    ///     every process in detail, since the far side cannot say which jail it lists.
    ///   - jailParameters: whether jails come with every parameter (`readsJailParameters`).
    ///   - processIDs: only these processes are asked for (`FreeBSDCollector.Settings.processIDs`).
    func dataSource(
        batch: Bool, samples: Int? = nil, parts: Set<FreeBSDCollector.Part> = Set(FreeBSDCollector.Part.allCases),
        streaming: Bool = false, jailParameters: Bool = true, processIDs: [Int]? = nil
    ) -> DataSource {
        if let fixture { return .fixture(path: fixture) }
        switch resolvedKind() {
        case .fixture, .auto:
            return .demo
        case .live:
            var settings = FreeBSDCollector.Settings()
            settings.timeout = SecondsOption.duration(toolTimeout)
            settings.parts = parts
            settings.readsJailParameters = jailParameters
            settings.processIDs = processIDs
            settings.readsArgumentsIncrementally = samples != 1
            if batch {
                settings.usageCallsPerRefresh = nil
                settings.networkCallsPerRefresh = nil
            } else if !streaming {
                // The dashboard shows one jail's processes at a time; the others need totals.
                settings.processDetail = .listedJails
            }
            return .live(HostPaths(environment: ProcessInfo.processInfo.environment), settings)
        }
    }

    /// The collector of `dataSource(batch:samples:parts:)`, for commands that only read.
    func makeCollector(
        batch: Bool, samples: Int? = nil, parts: Set<FreeBSDCollector.Part> = Set(FreeBSDCollector.Part.allCases),
        jailParameters: Bool = true, processIDs: [Int]? = nil
    ) throws -> any Collector {
        try dataSource(batch: batch, samples: samples, parts: parts, jailParameters: jailParameters, processIDs: processIDs)
            .makeCollector()
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
