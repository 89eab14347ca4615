import JailtopModel

/// Replays a recording one sample per call, in recorded time. At the end it loops to the
/// start with every timestamp shifted by the recording's length (plus one interval), so
/// time keeps moving forward and rates stay right across the seam.
///
/// A recording file up to `inMemoryLimit` bytes (or one from a pipe, which cannot be read
/// twice) is read whole when opened, every line checked, and kept decoded. A larger file is
/// streamed: opened with its header and first sample checked, then read one line per sample
/// and from the start again at each loop, so a 5 GB recording replays in the memory of one
/// sample; a malformed line further on is reported when the replay reaches it.
public actor FixtureCollector: Collector {
    /// The largest recording file kept decoded in memory (about as large again once decoded).
    public static let inMemoryLimit = 64 << 20
    /// The longest line a recording may have: one sample of 50 000 processes is about 20 MB.
    public static let maxLineBytes = 64 << 20

    public nonisolated let sourceDescription: String
    public nonisolated let isLive = false
    public nonisolated let header: RecordingHeader
    /// The recording's last line, cut off while it was written, which the replay skips: a
    /// warning to show (every complete line before it replays).
    public nonisolated let incompleteLine: IncompleteLine?
    private let samples: Samples
    private var position = 0
    private var loop = 0
    /// Seconds one pass of the recording covers, used to shift later loops (known for a
    /// streamed file once the first pass has ended).
    private var loopLength: Double
    /// A streamed file's first sample, read when it was opened and not yet served.
    private var pendingFirst: Snapshot?
    private var firstRecordedTime = 0.0
    private var lastRecordedTime = 0.0
    /// Changes made by the fixture controller (the interactive demo).
    var overlay = FixtureOverlay()
    var lastServed: Snapshot?

    /// Where the samples come from.
    private enum Samples {
        case decoded([Snapshot])
        /// The reader, and the file that keeps its descriptor open.
        case streamed(RecordingStreamReader, FixtureFile)
    }

    public init(recording: Recording, description: String) {
        self.sourceDescription = description
        self.header = recording.header
        self.incompleteLine = recording.incompleteLine
        self.samples = .decoded(recording.snapshots)
        self.loopLength = FixtureCollector.passLength(of: recording)
    }

    /// Opens and checks a recording file: a regular file or a FIFO, or standard input for `-`
    /// (see `FixtureFile` for what is refused and why).
    /// - Parameters:
    ///   - inMemoryLimit: files up to this size are read whole; larger ones are streamed.
    ///   - maxLineBytes: the longest line accepted.
    /// - Throws: `RecordingError` (`FILE:LINE: field: what was wrong`) or `FixtureFileError`.
    public init(
        contentsOf path: String, inMemoryLimit: Int = FixtureCollector.inMemoryLimit,
        maxLineBytes: Int = FixtureCollector.maxLineBytes
    ) throws {
        let file = try FixtureFile(path: path)
        let recording: Recording
        switch file.kind {
        case .regular(let size) where size > inMemoryLimit:
            let (end, cutOff) = try RecordingStreamReader.endOfCompleteLines(
                descriptor: file.descriptor, size: size, source: file.name, maxLineBytes: maxLineBytes)
            let reader = try RecordingStreamReader(
                descriptor: file.descriptor, source: file.name, extent: .firstBytes(end), maxLineBytes: maxLineBytes)
            guard let first = try reader.next() else { throw reader.noSamplesError() }
            self.sourceDescription = file.name
            self.header = reader.header
            self.incompleteLine = cutOff ?? reader.incompleteLine
            self.samples = .streamed(reader, file)
            self.loopLength = 0
            self.pendingFirst = first
            self.firstRecordedTime = first.time
            self.lastRecordedTime = first.time
            return
        case .regular(let size):
            recording = try Recording(descriptor: file.descriptor, source: file.name, extent: .firstBytes(size), maxLineBytes: maxLineBytes)
        case .stream:
            recording = try Recording(
                descriptor: file.descriptor, source: file.name, extent: .atMost(inMemoryLimit), maxLineBytes: maxLineBytes)
        }
        self.sourceDescription = file.name
        self.header = recording.header
        self.incompleteLine = recording.incompleteLine
        self.samples = .decoded(recording.snapshots)
        self.loopLength = FixtureCollector.passLength(of: recording)
    }

    /// Seconds one pass of a recording covers: first to last sample, plus one interval.
    private static func passLength(of recording: Recording) -> Double {
        guard let first = recording.snapshots.first, let last = recording.snapshots.last else { return 0 }
        return last.time - first.time + recording.header.intervalS
    }

    /// Whether samples are read from the file as they are served (a large recording).
    var isStreamed: Bool {
        if case .streamed = samples { return true }
        return false
    }

    public func collect() async throws -> Snapshot {
        var snapshot = try nextRecordedSample()
        if overlay != FixtureOverlay() { snapshot = overlay.apply(to: snapshot) }
        lastServed = snapshot
        return snapshot
    }

    /// The next sample of the recording, its time shifted by the loops already played.
    private func nextRecordedSample() throws -> Snapshot {
        switch samples {
        case .decoded(let all):
            guard position < all.count else {
                throw RecordingError(source: sourceDescription, line: 1, field: "snapshot", message: "the recording has no samples")
            }
            var snapshot = all[position]
            snapshot.time += Double(loop) * loopLength
            position += 1
            if position == all.count {
                position = 0
                loop += 1
            }
            return snapshot
        case .streamed(let reader, _):
            var next: Snapshot?
            if let first = pendingFirst {
                pendingFirst = nil
                next = first
            } else {
                next = try reader.next()
            }
            if next == nil {
                // The end of a pass: from the start again, shifted by the length of a pass.
                if loop == 0 { loopLength = lastRecordedTime - firstRecordedTime + header.intervalS }
                loop += 1
                try reader.rewind()
                next = try reader.next()
            }
            guard var snapshot = next else { throw reader.noSamplesError() }
            lastRecordedTime = snapshot.time
            snapshot.time += Double(loop) * loopLength
            return snapshot
        }
    }
}

/// A fixture file that could not be opened at all.
public struct FixtureFileError: Error, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}
