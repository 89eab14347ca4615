import Foundation

/// Text compared with a file under a test target's Snapshots/ folder, the one way every suite
/// checks frames, command output and metrics pages: `RECORD_SNAPSHOTS=1` (or a missing file)
/// writes the file and reports it for review; a difference is reported as a short line diff.
public struct SnapshotFile: Sendable {
    public let url: URL

    /// - Parameters:
    ///   - testFile: `#filePath` of a file in the test target (Snapshots/ is beside its folder).
    ///   - name: the file name inside Snapshots/ (`demo-120x40.txt`, `demo-host.prom`).
    public init(beside testFile: String, levelsUp: Int = 0, name: String) {
        var directory = URL(fileURLWithPath: testFile).deletingLastPathComponent()
        for _ in 0..<levelsUp { directory = directory.deletingLastPathComponent() }
        url = directory.appendingPathComponent("Snapshots").appendingPathComponent(name)
    }

    /// Whether this run records instead of comparing.
    public static var recording: Bool { ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"].map { !$0.isEmpty && $0 != "0" } ?? false }

    /// Nil when `actual` matches the file; otherwise what to report (the file was written when
    /// recording or missing).
    public func mismatch(_ actual: String) throws -> String? {
        let name = url.lastPathComponent
        guard !Self.recording, let expected = try? String(contentsOf: url, encoding: .utf8) else {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: url)
            return "recorded snapshot \(name); review it and run again to compare"
        }
        guard actual != expected else { return nil }
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        var diff: [String] = []
        for i in 0..<max(a.count, e.count) {
            let was = i < e.count ? String(e[i]) : "<none>", now = i < a.count ? String(a[i]) : "<none>"
            if was != now { diff.append("line \(i + 1):\n  - \(was)\n  + \(now)") }
        }
        let shown = diff.prefix(10).joined(separator: "\n") + (diff.count > 10 ? "\n… and \(diff.count - 10) more lines" : "")
        return "snapshot \(name) differs (RECORD_SNAPSHOTS=1 rewrites it):\n" + shown
    }
}
