import Foundation
import JailtopModel

/// Replays a recording one sample per call, in recorded time. At the end it loops to the
/// start with every timestamp shifted by the recording's length (plus one interval), so
/// time keeps moving forward and rates stay right across the seam.
public actor FixtureCollector: Collector {
    public nonisolated let sourceDescription: String
    public nonisolated let isLive = false
    public let recording: Recording
    private var position = 0
    private var loop = 0
    /// Changes made by the fixture controller (the interactive demo).
    var overlay = FixtureOverlay()
    var lastServed: Snapshot?

    public init(recording: Recording, description: String) {
        self.recording = recording
        self.sourceDescription = description
    }

    /// Loads and checks a recording file.
    /// - Throws: `RecordingError` (`FILE:LINE: field: what was wrong`) or `FixtureFileError`.
    public init(contentsOf path: String) throws {
        // Read through a file handle so character devices and pipes work too (Data(contentsOf:)
        // and FileManager refuse /dev/null); when it cannot read, say why in plain words.
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw FixtureFileError(path: path, reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw FixtureFileError(path: path, reason: "is a directory, not a recording") }
        guard let handle = FileHandle(forReadingAtPath: path), let data = try? handle.readToEnd() ?? Data() else {
            throw FixtureFileError(path: path, reason: "cannot be read (permission denied?)")
        }
        try? handle.close()
        try self.init(recording: Recording(data: data, source: path), description: path)
    }

    /// Seconds one pass of the recording covers, used to shift later loops.
    public nonisolated var loopLength: Double {
        guard let first = recording.snapshots.first, let last = recording.snapshots.last else { return 0 }
        return last.time - first.time + recording.header.intervalS
    }

    public func collect() async throws -> Snapshot {
        var snapshot = recording.snapshots[position]
        snapshot.time += Double(loop) * loopLength
        position += 1
        if position == recording.snapshots.count {
            position = 0
            loop += 1
        }
        if overlay != FixtureOverlay() { snapshot = overlay.apply(to: snapshot) }
        lastServed = snapshot
        return snapshot
    }
}

/// A fixture file that could not be opened at all.
public struct FixtureFileError: Error, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }
}
