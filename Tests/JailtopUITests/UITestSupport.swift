import Foundation
import JailtopCollect
import JailtopModel
import JailtopTestSupport
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

    /// Compares a frame with Snapshots/<name>.txt (`SnapshotFile`).
    static func assertFrame(_ buffer: ScreenBuffer, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let actual = buffer.trimmedLines.joined(separator: "\n") + "\n"
        if let problem = try SnapshotFile(beside: #filePath, name: "\(name).txt").mismatch(actual) {
            Issue.record(Comment(rawValue: problem), sourceLocation: sourceLocation)
        }
    }
}
