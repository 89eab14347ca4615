#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A recorded series of samples: JSON Lines, a header on line 1, then one schema-1 snapshot
/// per line (DESIGN.md §4). Recordings are how fixtures, the demo host and user captures travel.
public struct Recording: Sendable, Equatable {
    public var header: RecordingHeader
    public var snapshots: [Snapshot]
    /// The last line, cut off while it was written (a crash, a full disk), which was skipped:
    /// the samples before it are all here. Report it as a warning.
    public var incompleteLine: IncompleteLine?

    public init(header: RecordingHeader, snapshots: [Snapshot], incompleteLine: IncompleteLine? = nil) {
        self.header = header
        self.snapshots = snapshots
        self.incompleteLine = incompleteLine
    }

    /// Reads a whole recording, checking every line. A last line cut off without its newline
    /// is skipped and kept in `incompleteLine`; every other fault is an error.
    /// - Parameter source: the file name used in error messages.
    /// - Throws: `RecordingError` naming the line and field that was wrong.
    public init(data: Data, source: String) throws(RecordingError) {
        var checker = RecordingLineChecker(source: source)
        var snapshots: [Snapshot] = []
        var incomplete: IncompleteLine?
        var lineNumber = 0
        var lineStart = data.startIndex
        while true {
            let newline = Self.newline(in: data, from: lineStart)
            let lineEnd = newline ?? data.endIndex
            lineNumber += 1
            let line = try checker.check(
                data[lineStart..<lineEnd], number: lineNumber, offset: lineStart - data.startIndex, isTerminated: newline != nil)
            switch line {
            case .blank, .header: break
            case .sample(let snapshot): snapshots.append(snapshot)
            case .incomplete(let cut): incomplete = cut
            }
            guard let newline else { break }
            lineStart = data.index(after: newline)
        }
        self.header = try checker.finish(lastLine: lineNumber, samples: snapshots.count, incomplete: incomplete)
        self.snapshots = snapshots
        self.incompleteLine = incomplete
    }

    /// The first newline at or after `start`, looked for in the bytes themselves by memchr(3):
    /// `Data`'s own `firstIndex(of:)` goes through its storage object for every byte, with a
    /// dynamic exclusivity check each time (two thirds of the demo host's start, whose
    /// recording holds 16 MB lines), and a byte loop over the bytes was still 8% of it.
    private static func newline(in data: Data, from start: Data.Index) -> Data.Index? {
        let offset = start - data.startIndex
        let found = data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> Int? in
            guard offset < bytes.count, let base = bytes.baseAddress else { return nil }
            return memchr(base + offset, 0x0A, bytes.count - offset).map { base.distance(to: UnsafeRawPointer($0)) }
        }
        return found.map { data.startIndex + $0 }
    }

    /// The recording as JSON Lines, byte for byte what `record` writes.
    public func encoded() throws(JSONWriteError) -> Data {
        var writer = JSONWriter(reservingCapacity: snapshots.reduce(256) { $0 + $1.estimatedJSONBytes })
        try header.writeJSON(into: &writer)
        writer.newline()
        for i in snapshots.indices {
            do { try snapshots[i].writeJSON(into: &writer) } catch { throw error.inside("line \(i + 2)") }
            writer.newline()
        }
        return Data(writer.bytes)
    }
}

/// What one line of a recording held, once checked.
public enum RecordingLine: Sendable {
    /// Nothing (a trailing newline, CRLF leftovers): JSON Lines allows blank lines.
    case blank
    case header(RecordingHeader)
    case sample(Snapshot)
    /// The last line, cut off mid-write: the end of the recording, and a warning.
    case incomplete(IncompleteLine)
}

/// The rules every line of a recording must follow, in order: the header first, then samples
/// in increasing time. One place for them, used by `Recording(data:source:)` and by
/// `RecordingStreamReader`, so a file is judged the same whether it is read whole or streamed.
public struct RecordingLineChecker {
    public let source: String
    /// The header, once its line has been checked.
    public private(set) var header: RecordingHeader?
    private var previousTime = -Double.infinity

    public init(source: String) {
        self.source = source
    }

    /// Checks the next line.
    /// - Parameters:
    ///   - line: the line without its newline.
    ///   - number: its 1-based line number, for messages.
    ///   - offset: where it starts in the file.
    ///   - isTerminated: whether a newline ended it; false only for the last line of a file,
    ///     which, if it is a sample and not even JSON, was cut off while it was written.
    /// - Returns: what the line held.
    /// - Throws: `RecordingError` naming the line and field that was wrong.
    public mutating func check(_ line: Data, number: Int, offset: Int, isTerminated: Bool) throws(RecordingError) -> RecordingLine {
        if Self.isBlank(line) { return .blank }
        if header == nil {
            let h = try checkHeader(line, number: number)
            header = h
            return .header(h)
        }
        let snapshot: Snapshot
        do throws(JSONReadError) {
            snapshot = try Snapshot(jsonLine: line)
        } catch {
            if !isTerminated, error.isNotJSON {
                return .incomplete(IncompleteLine(source: source, line: number, offset: offset, length: line.count))
            }
            throw RecordingError(source: source, line: number, reading: error, context: "snapshot")
        }
        guard snapshot.time > previousTime else {
            throw RecordingError(
                source: source, line: number, field: "time",
                message: "\(snapshot.time) is not after the previous sample's \(previousTime)")
        }
        previousTime = snapshot.time
        return .sample(snapshot)
    }

    private func checkHeader(_ line: Data, number: Int) throws(RecordingError) -> RecordingHeader {
        // A file that starts with a sample (or anything else) lacks the header line.
        if !RecordingHeader.looksLikeHeader(line) {
            throw RecordingError(
                source: source, line: number, field: "jailtop_recording",
                message: "missing: line 1 must be the recording header {\"jailtop_recording\":1,…}")
        }
        let h: RecordingHeader
        do throws(JSONReadError) {
            h = try RecordingHeader(jsonLine: line)
        } catch {
            throw RecordingError(source: source, line: number, reading: error, context: "header")
        }
        guard h.jailtopRecording == RecordingHeader.currentVersion else {
            throw RecordingError(
                source: source, line: number, field: "jailtop_recording",
                message: "unsupported recording version \(h.jailtopRecording) (this jailtop reads \(RecordingHeader.currentVersion))")
        }
        guard h.intervalS > 0 else {
            throw RecordingError(source: source, line: number, field: "interval_s", message: "must be greater than 0")
        }
        return h
    }

    /// Forgets the header and the previous sample, to check the recording again from line 1.
    public mutating func restart() {
        header = nil
        previousTime = -Double.infinity
    }

    /// The header, once the whole recording has been checked: an empty file or one with no
    /// complete sample is an error.
    /// - Parameters:
    ///   - lastLine: the number of the last line read.
    ///   - samples: how many samples were read.
    public func finish(lastLine: Int, samples: Int, incomplete: IncompleteLine?) throws(RecordingError) -> RecordingHeader {
        guard let header else {
            throw RecordingError(
                source: source, line: max(lastLine, 1), field: "jailtop_recording", message: "empty file: expected a recording header")
        }
        guard samples > 0 else {
            if let incomplete, let line = incomplete.line {
                throw RecordingError(
                    source: source, line: line, field: "snapshot",
                    message: "the recording has a header but no complete samples: this line was cut off (\(incomplete.length) bytes, no newline)")
            }
            throw RecordingError(source: source, line: lastLine, field: "snapshot", message: "the recording has a header but no samples")
        }
        return header
    }

    /// Whether `line` is a last line cut off mid-sample: not blank, and not even JSON.
    public static func isCutOffSample(_ line: Data) -> Bool {
        guard !isBlank(line) else { return false }
        do throws(JSONReadError) {
            _ = try Snapshot(jsonLine: line)
            return false
        } catch {
            return error.isNotJSON
        }
    }

    static func isBlank(_ line: Data) -> Bool {
        line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }
}

/// The last line of a recording, cut off while it was written (a crash between two lines, a
/// full disk): the lines before it replay, and this says which line was skipped.
public struct IncompleteLine: Sendable, Equatable, CustomStringConvertible {
    public var source: String
    /// Its line number; nil when the recording is streamed as it replays and the lines
    /// before it were not counted (then `offset` says where it is).
    public var line: Int?
    /// Where the line starts in the file.
    public var offset: Int
    /// Its length in bytes.
    public var length: Int

    public init(source: String, line: Int?, offset: Int, length: Int) {
        self.source = source
        self.line = line
        self.offset = offset
        self.length = length
    }

    /// `FILE:LINE: snapshot: …`, or `FILE: byte OFFSET: snapshot: …` without a line number.
    public var description: String {
        let place = line.map { "\(source):\($0)" } ?? "\(source): byte \(offset)"
        return "\(place): snapshot: the last line is incomplete (\(length) bytes, no newline): it was cut off while it was written and is skipped"
    }
}

/// Line 1 of a recording.
public struct RecordingHeader: Codable, Sendable, Equatable {
    public static let currentVersion = 1
    public var jailtopRecording: Int
    /// Host name of the recorded host.
    public var host: String
    /// Seconds between samples when the recording was made.
    public var intervalS: Double
    /// Seconds since the epoch when recording began.
    public var created: Double

    public init(host: String, intervalS: Double, created: Double) {
        self.jailtopRecording = RecordingHeader.currentVersion
        self.host = host
        self.intervalS = intervalS
        self.created = created
    }

    enum CodingKeys: String, CodingKey {
        case host, created
        case jailtopRecording = "jailtop_recording"
        case intervalS = "interval_s"
    }
}

/// Encodes one JSON Lines line with `JSONWriter`: compact, sorted keys (stable diffs),
/// doubles at the precision each field means, newline-terminated.
public enum RecordingEncoding {
    /// The line as bytes, built in one buffer (the path of `snapshot --json` and `record`).
    /// - Throws: `JSONWriteError` naming a field JSON cannot hold (a NaN).
    public static func bytes(_ value: some JSONWritable) throws(JSONWriteError) -> [UInt8] {
        var writer = JSONWriter(reservingCapacity: value.estimatedJSONBytes + 1)
        try value.writeJSON(into: &writer)
        writer.newline()
        return writer.bytes
    }

    /// The line handed to `sink` in place, for output without a copy (a 50 000-process sample
    /// is ~20 MB, and the copy would double the peak memory of `snapshot --json`).
    /// - Throws: `JSONWriteError`, or what `sink` throws.
    public static func write(_ value: some JSONWritable, to sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        var writer = JSONWriter(reservingCapacity: value.estimatedJSONBytes + 1)
        try value.writeJSON(into: &writer)
        writer.newline()
        try writer.withBytes(sink)
    }

    /// The line handed to `sink` in pieces of about `chunkBytes` (cut between array elements),
    /// as it is written: what `snapshot --json` prints, a 20 MB line at 50 000 processes, in
    /// the memory of one piece. A value JSON cannot hold (a NaN) fails the line part way, after
    /// the pieces before it; where a line must be whole or absent (a recording), use `write`.
    /// - Throws: what `sink` throws, else `JSONWriteError`.
    public static func stream(
        _ value: some JSONWritable, chunkBytes: Int = 256 << 10, to sink: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        try withoutActuallyEscaping(sink) { sink in
            var writer = JSONWriter(drainingInto: sink, every: chunkBytes)
            do {
                try value.writeJSON(into: &writer)
            } catch {
                throw writer.drainFailure ?? error  // a failed sink is the cause, if there is one
            }
            writer.newline()
            try writer.finishDraining()
        }
    }

    /// The line as `Data`.
    public static func line(_ value: some JSONWritable) throws(JSONWriteError) -> Data {
        Data(try bytes(value))
    }
}

/// A malformed recording: `FILE:LINE: field: what was wrong`.
public struct RecordingError: Error, Equatable, CustomStringConvertible {
    public var source: String
    public var line: Int
    /// Dotted path of the offending field, e.g. `jails[3].state`.
    public var field: String
    public var message: String

    public init(source: String, line: Int, field: String, message: String) {
        self.source = source
        self.line = line
        self.field = field
        self.message = message
    }

    /// From a `JSONReader` fault; a fault of the whole line (not JSON) is named `context`.
    /// A syntax error is not JSON (only a last line cut off mid-write is forgiven that), as
    /// opposed to JSON that is well-formed but wrong.
    init(source: String, line: Int, reading error: JSONReadError, context: String) {
        self.init(source: source, line: line, field: error.field.isEmpty ? context : error.field, message: error.message)
    }

    public var description: String { "\(source):\(line): \(field): \(message)" }
}
