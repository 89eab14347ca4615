import Foundation
import JailtopCollect
import JailtopModel
import Testing

@testable import JailtopUI

/// Shared helpers for UI tests: the demo host's samples, a state fed with them, and
/// snapshot files of rendered frames under Snapshots/.
enum UITest {
    static let demo: Recording = {
        do { return try DemoHost.recording() } catch { return Recording(header: RecordingHeader(host: "", intervalS: 2, created: 0), snapshots: []) }
    }()

    /// A state that has seen the first `samples` demo samples.
    static func state(size: Size = Size(width: 120, height: 40), samples: Int = 2, unicode: Bool = true) -> AppState {
        var state = AppState(size: size, sourceDescription: "demo", refreshInterval: 2, unicode: unicode)
        for s in demo.snapshots.prefix(samples) { _ = AppReducer.reduce(&state, .snapshot(s)) }
        return state
    }

    static func press(_ state: inout AppState, _ keys: Key...) {
        for k in keys { _ = AppReducer.reduce(&state, .key(k)) }
    }

    static func type(_ state: inout AppState, _ text: String) {
        for c in text { _ = AppReducer.reduce(&state, .key(.character(c))) }
    }

    static let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

    /// Compares a frame with Snapshots/<name>.txt; writes it when missing or RECORD_SNAPSHOTS is set.
    static func assertFrame(_ buffer: ScreenBuffer, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let actual = buffer.trimmedLines.joined(separator: "\n") + "\n"
        let url = here.appendingPathComponent("Snapshots/\(name).txt")
        let record = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] != nil
        guard !record, let expected = try? String(contentsOf: url, encoding: .utf8) else {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try actual.write(to: url, atomically: true, encoding: .utf8)
            Issue.record("recorded frame \(name); run again to compare", sourceLocation: sourceLocation)
            return
        }
        #expect(actual == expected, "frame \(name) differs from Snapshots/\(name).txt", sourceLocation: sourceLocation)
    }
}
