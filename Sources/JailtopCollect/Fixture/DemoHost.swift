import CJailtopDemo
import JailtopModel

/// The built-in demo host: the recording in Resources/demo-host.jsonl, compiled into the
/// binary (see Sources/CJailtopDemo), so `jailtop` on a machine without jails shows something
/// real wherever it is installed.
public enum DemoHost {
    public static let sourceName = "built-in demo host"

    /// The raw JSON Lines bytes of the demo recording.
    public static var data: Data {
        Data(bytes: jailtop_demo_recording(), count: jailtop_demo_recording_size())
    }

    public static func recording() throws -> Recording {
        try Recording(data: data, source: sourceName)
    }

    public static func collector() throws -> FixtureCollector {
        FixtureCollector(recording: try recording(), description: sourceName)
    }
}
