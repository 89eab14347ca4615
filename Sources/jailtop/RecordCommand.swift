import ArgumentParser
import Foundation
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

    @Option(name: .shortAndLong, help: ArgumentHelp("The recording to write (replaced if it exists).", valueName: "file"))
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
        try await Output.reportingErrors {
            let collector = try source.makeCollector(batch: true)
            guard FileManager.default.createFile(atPath: output, contents: nil),
                let file = FileHandle(forWritingAtPath: output)
            else {
                throw CLIError("\(output): cannot be written")
            }
            defer { try? file.close() }
            var n = 0
            while count == 0 || n < count {
                if n > 0, collector.isLive { try await Task.sleep(for: .seconds(delay)) }
                let snapshot = try await collector.collect()
                if n == 0 {
                    let header = RecordingHeader(host: snapshot.host.hostname ?? "", intervalS: delay, created: snapshot.time)
                    try file.write(contentsOf: try Output.jsonLine(header))
                }
                try file.write(contentsOf: try Output.jsonLine(snapshot))
                n += 1
            }
        }
    }
}
