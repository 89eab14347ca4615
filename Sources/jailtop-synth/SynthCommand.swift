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

    @Option(
        help: ArgumentHelp(
            "Instead of a recording, write the last sample as FreeBSD's tools print it into this directory, for stand-in tools (Benchmarks/large-host.sh).",
            valueName: "dir"))
    var toolOutputs: String?

    @Option(
        help: ArgumentHelp(
            "With --tool-outputs: also write every jail as Bastille keeps it below this root (Benchmarks/large-host.sh).",
            valueName: "root"))
    var managerFiles: String?

    func validate() throws {
        guard samples >= 1 else { throw ValidationError("--samples must be at least 1") }
        guard jails >= 1, processes >= 0 else { throw ValidationError("--jails must be at least 1") }
    }

    func run() throws {
        let spec = preset == .demo ? HostSpec.demo : HostSpec.large(jails: jails, processes: processes, seed: seed)
        if let toolOutputs { return try writeToolOutputs(spec: spec, to: toolOutputs) }
        let data = try HostSynthesizer.recording(spec: spec, samples: samples).encoded()
        if output == "-" {
            FileHandle.standardOutput.write(data)
        } else {
            try data.write(to: URL(fileURLWithPath: output), options: .atomic)
        }
    }
}

extension SynthCommand {
    /// The files of a stand-in host's `outputs/` (as in Tests/CLITests/Fixtures/standin-host):
    /// ps.txt, jls.json, jls-list.json, jls-summary.json, jids.txt, rctl-rules.txt, sysctl.txt, rctl-u-NAME.txt per jail and
    /// netstat-JID.json per VNET jail, all from the `samples`-th sample.
    func writeToolOutputs(spec: HostSpec, to path: String) throws {
        var synth = HostSynthesizer(spec: spec)
        var sample = synth.next()
        for _ in 1..<samples { sample = synth.next() }
        let directory = URL(fileURLWithPath: path, isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        func write(_ name: String, _ bytes: [UInt8]) throws {
            try Data(bytes).write(to: directory.appendingPathComponent(name))
        }
        try write("ps.txt", FreeBSDOutputs.ps(sample))
        try write("jls.json", FreeBSDOutputs.jls(sample))
        try write("jls-list.json", FreeBSDOutputs.jlsList(sample))
        try write("jls-summary.json", FreeBSDOutputs.jlsSummary(sample))
        try write("rctl-rules.txt", Array(FreeBSDOutputs.rctlRules(sample).utf8))
        try write("sysctl.txt", Array(FreeBSDOutputs.sysctl(sample, cpTime: sample.host.cpTime ?? [100, 0, 50, 5, 845]).utf8))
        var jids = ""
        for jail in sample.jails {
            guard let jid = jail.jid else { continue }
            jids += "\(jail.name) \(jid)\n"
            try write("rctl-u-\(jail.name).txt", Array(FreeBSDOutputs.rctlUsage(jail).utf8))
            if jail.vnet { try write("netstat-\(jid).json", FreeBSDOutputs.netstat(jail)) }
        }
        try write("jids.txt", Array(jids.utf8))
        if let managerFiles { try ManagerFiles.writeBastille(sample, root: managerFiles) }
    }
}
