import ArgumentParser
import Dispatch
import JailtopApp
import JailtopCollect
import JailtopExport
import JailtopModel
import Synchronization

/// `jailtop export`: every jail's usage as Prometheus metrics, served at /metrics (from memory,
/// sampled every --interval seconds) or written atomically for node_exporter's textfile collector.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Serve Prometheus metrics for every jail, or write them to a textfile.",
        discussion: """
            Samples are taken every --interval seconds and served from memory, so scrapes never \
            run a tool. With --textfile the metrics are written to FILE instead (temporary file and \
            rename); add --listen to serve them as well. Basic auth credentials are read from a \
            file of user:$sha256$SALT$HEX lines (see jailtop(8)).
            """)

    @OptionGroup var source: SourceOptions

    @Option(help: ArgumentHelp("Serve /metrics on this address (default 127.0.0.1:9452; :PORT for every address).", valueName: "addr:port"))
    var listen: String?

    @Option(help: ArgumentHelp("Write the metrics to this file (atomically) instead of serving them.", valueName: "file"))
    var textfile: String?

    @Option(help: ArgumentHelp("Seconds between samples.", valueName: "seconds"))
    var interval = 15.0

    @Flag(help: "With --textfile: write one sample and exit (for cron).")
    var once = false

    @Option(help: ArgumentHelp("Require HTTP basic auth with the credentials in this file.", valueName: "file"))
    var basicAuthFile: String?

    func validate() throws {
        try SecondsOption.check(interval, "--interval", 1...SecondsOption.day)
        if let listen {
            do { _ = try ListenAddress.parse(listen) } catch { throw ValidationError(error.description) }
        }
        if once, textfile == nil { throw ValidationError("--once needs --textfile") }
        if once, listen != nil { throw ValidationError("--once writes one textfile and exits; it cannot be combined with --listen") }
        if basicAuthFile != nil, textfile != nil, listen == nil {
            throw ValidationError("--basic-auth-file protects the HTTP server; with --textfile add --listen to serve as well")
        }
    }

    func run() async throws {
        FreedMemory.keepHeapCompact()
        try await Output.reportingErrors {
            // Every jail's usage in every sample (batch): samples are taken only every
            // --interval seconds, never per scrape, and a spread-out refresh would export
            // counters minutes old. Metrics are per jail: no process's user or argument list is read.
            let parts = Set(FreeBSDCollector.Part.allCases).subtracting([.processes])
            let collector = try source.makeCollector(batch: true, parts: parts, jailParameters: false)
            let auth = try basicAuthFile.map { path throws(BasicAuthFileError) in try BasicAuth(contentsOfFile: path) }
            if let basicAuthFile, let mode = ExportStartupWarnings.permissions(of: basicAuthFile),
                let warning = ExportStartupWarnings.credentialsFile(basicAuthFile, mode: mode)
            {
                Output.warn(warning)
            }
            let writer = textfile.map { TextfileWriter(path: $0) }
            let service = ExportService(collector: collector, interval: SecondsOption.duration(interval))
            let log = IssueLog()

            if once {
                guard let only = await service.collectOnce() else { return }
                log.report(only)
                try writer?.write(only.page)
                return
            }

            // The port opens before the first sample, which can take a while on a big host:
            // until it exists, /metrics answers 503 saying it is collecting.
            var server: MetricsServer?
            if writer == nil || listen != nil {
                let listenValue = listen ?? ListenAddress.defaultValue
                let (host, port) = try ListenAddress.parse(listenValue)
                let s = MetricsServer(configuration: .init(host: host, port: port, auth: auth)) { service.currentPage }
                do {
                    try await s.start()
                } catch {
                    await s.stop()
                    throw error
                }
                server = s
                if let warning = ExportStartupWarnings.openListener(listenValue, loopbackOnly: s.isLoopbackOnly ?? false, authenticated: auth != nil) {
                    Output.warn(warning)
                }
            }
            // daemon(8) and rc.d stop us with SIGTERM: the sample being taken is dropped (its
            // tools were interrupted), the last good page and textfile stay, the port closes.
            let sampling = Task {
                // A textfile that cannot be written is an error at start, not a warning a
                // minute later.
                guard let first = await service.collectOnce() else { return }
                log.report(first)
                try writer?.write(first.page)
                await service.run(firstSampleTaken: true) { outcome in
                    log.report(outcome)
                    guard let writer else { return }
                    do { try writer.write(outcome.page) } catch { Output.warn("\(error)") }
                }
            }
            // daemon(8) and rc.d stop the exporter with these: it ends cleanly, with status 0.
            let (signals, _) = TerminationSignals.onFirst { _ in sampling.cancel() }
            let result = await sampling.result
            for signalSource in signals { signalSource.cancel() }
            await server?.stop()
            try result.get()
        }
    }
}

/// Writes collection problems to stderr (syslog under daemon(8) -S) when they change, not every
/// interval: a source that stays broken is reported once, and again when it recovers.
final class IssueLog: Sendable {
    private let last = Mutex<String?>(nil)

    func report(_ outcome: ExportService.Outcome) {
        let summary: String?
        if let failure = outcome.failure {
            summary = "no sample: \(failure)"
        } else if !outcome.issues.isEmpty {
            summary = outcome.issues.map { "\($0.source.rawValue): \($0.message)" }.joined(separator: "; ")
        } else {
            summary = nil
        }
        let previous = last.withLock { value in
            defer { value = summary }
            return value
        }
        guard summary != previous else { return }
        Output.warn(summary ?? "collection recovered")
    }
}
