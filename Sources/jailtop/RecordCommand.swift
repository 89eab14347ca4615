import ArgumentParser
import JailtopCollect
import JailtopModel

/// `jailtop record`: captures samples into a recording that replays anywhere with --fixture.
struct RecordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record samples to a file (JSON Lines) for replay with --fixture.",
        discussion: """
            Each sample is written as one whole line as soon as it is taken, so an interrupted \
            recording (Ctrl-C) is still a valid file. Without --count it records until interrupted.
            """)

    @OptionGroup var source: SourceOptions

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "The recording to write: a file is replaced once the first sample is in; a FIFO or device is written in place.",
            valueName: "file"))
    var output: String

    @Option(help: "Number of samples (0: until interrupted).")
    var count = 0

    @Option(name: [.customShort("d"), .customLong("delay")], help: ArgumentHelp("Seconds between samples.", valueName: "seconds"))
    var delay = 2.0

    func validate() throws {
        guard count >= 0 else { throw ValidationError("--count cannot be negative") }
        try SecondsOption.check(delay, "-d", 0.01...SecondsOption.day)
    }

    func run() async throws {
        try await Output.reportingErrors(cancelOnSignals: true) {
            let collector = try source.makeCollector(batch: true, samples: count == 0 ? nil : count)
            // OutputFile holds the policy `export --textfile` shares: a regular file is written
            // beside the path and renamed over it, a FIFO or device is written in place, and every
            // write(2) error is reported in the system's words ("No space left on device").
            let file = try OutputFile(path: output)
            var n = 0
            while count == 0 || n < count {
                if n > 0, collector.isLive { try await Task.sleep(for: .seconds(delay)) }
                let snapshot = try await collector.collect()
                if n == 0 {
                    let header = RecordingHeader(host: snapshot.host.hostname ?? "", intervalS: delay, created: snapshot.time)
                    try Output.jsonLine(header) { try file.write($0) }
                }
                try Output.jsonLine(snapshot) { try file.write($0) }
                // With its first sample the file is a valid recording: only now does it replace
                // what was at the path. Later samples are appended to it, one whole line each.
                if n == 0 { try file.publish() }
                n += 1
            }
            try file.close()
        }
    }
}
