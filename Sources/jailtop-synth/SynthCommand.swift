import ArgumentParser
import Foundation
import JailtopModel
import JailtopSynth

/// `jailtop-synth`: makes synthetic FreeBSD hosts, deterministically from a seed. It wrote
/// Resources/demo-host.jsonl and makes the large hosts the benchmarks use.
@main
struct SynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jailtop-synth",
        abstract: "Generate synthetic FreeBSD jail hosts as jailtop recordings.",
        discussion: """
            Regenerate the built-in demo host with:
              swift run jailtop-synth --preset demo --output Resources/demo-host.jsonl
            """)

    enum Preset: String, ExpressibleByArgument, CaseIterable {
        case demo, large
    }

    @Option(help: "Which host to make: demo (a dozen jails) or large (benchmark scale).")
    var preset: Preset = .demo

    @Option(help: "Jails on a large host.")
    var jails: Int = 1000

    @Option(help: "Processes on a large host, in all.")
    var processes: Int = 50_000

    @Option(help: "Number of samples.")
    var samples: Int = 60

    @Option(help: "Seed for a large host (the demo's seed is fixed).")
    var seed: UInt64 = 42

    @Option(name: .shortAndLong, help: "Where to write the recording (- for standard output).")
    var output: String = "-"

    func validate() throws {
        guard samples >= 1 else { throw ValidationError("--samples must be at least 1") }
        guard jails >= 1, processes >= 0 else { throw ValidationError("--jails must be at least 1") }
    }

    func run() throws {
        let spec = preset == .demo ? HostSpec.demo : HostSpec.large(jails: jails, processes: processes, seed: seed)
        let data = try HostSynthesizer.recording(spec: spec, samples: samples).encoded()
        if output == "-" {
            FileHandle.standardOutput.write(data)
        } else {
            try data.write(to: URL(fileURLWithPath: output), options: .atomic)
        }
    }
}
