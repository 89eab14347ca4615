import Foundation

/// A recorded series of samples: JSON Lines, a header on line 1, then one schema-1 snapshot
/// per line (DESIGN.md §4). Recordings are how fixtures, the demo host and user captures travel.
public struct Recording: Sendable, Equatable {
    public var header: RecordingHeader
    public var snapshots: [Snapshot]

    public init(header: RecordingHeader, snapshots: [Snapshot]) {
        self.header = header
        self.snapshots = snapshots
    }

    /// Reads a whole recording, checking every line.
    /// - Parameter source: the file name used in error messages.
    /// - Throws: `RecordingError` naming the line and field that was wrong.
    public init(data: Data, source: String) throws(RecordingError) {
        let decoder = JSONDecoder()
        var header: RecordingHeader?
        var snapshots: [Snapshot] = []
        var lineNumber = 0
        var previousTime = -Double.infinity
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            // Blank lines (a trailing newline, CRLF leftovers) carry nothing; JSON Lines allows them.
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            if header == nil {
                do {
                    // A file that starts with a sample (or anything else) lacks the header line.
                    if (try? decoder.decode(HeaderProbe.self, from: line))?.jailtopRecording == nil {
                        throw RecordingError(
                            source: source, line: lineNumber, field: "jailtop_recording",
                            message: "missing: line 1 must be the recording header {\"jailtop_recording\":1,…}")
                    }
                    let h = try decoder.decode(RecordingHeader.self, from: line)
                    guard h.jailtopRecording == RecordingHeader.currentVersion else {
                        throw RecordingError(
                            source: source, line: lineNumber, field: "jailtop_recording",
                            message: "unsupported recording version \(h.jailtopRecording) (this jailtop reads \(RecordingHeader.currentVersion))")
                    }
                    guard h.intervalS > 0 else {
                        throw RecordingError(source: source, line: lineNumber, field: "interval_s", message: "must be greater than 0")
                    }
                    header = h
                } catch let error as RecordingError {
                    throw error
                } catch {
                    throw RecordingError(source: source, line: lineNumber, decoding: error, context: "header")
                }
                continue
            }
            let snapshot: Snapshot
            do {
                snapshot = try decoder.decode(Snapshot.self, from: line)
            } catch {
                throw RecordingError(source: source, line: lineNumber, decoding: error, context: "snapshot")
            }
            guard snapshot.time > previousTime else {
                throw RecordingError(
                    source: source, line: lineNumber, field: "time",
                    message: "\(snapshot.time) is not after the previous sample's \(previousTime)")
            }
            previousTime = snapshot.time
            snapshots.append(snapshot)
        }
        guard let header else {
            throw RecordingError(source: source, line: max(lineNumber, 1), field: "jailtop_recording", message: "empty file: expected a recording header")
        }
        guard !snapshots.isEmpty else {
            throw RecordingError(source: source, line: lineNumber, field: "snapshot", message: "the recording has a header but no samples")
        }
        self.header = header
        self.snapshots = snapshots
    }

    /// The recording as JSON Lines, byte for byte what `record` writes.
    public func encoded() throws -> Data {
        var out = try RecordingEncoding.line(header)
        for s in snapshots { out.append(try RecordingEncoding.line(s)) }
        return out
    }
}

/// Just enough of line 1 to tell a header from anything else.
private struct HeaderProbe: Decodable {
    var jailtopRecording: Int?
    enum CodingKeys: String, CodingKey { case jailtopRecording = "jailtop_recording" }
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

/// Encodes one JSON Lines line: compact, sorted keys (stable diffs), newline-terminated.
public enum RecordingEncoding {
    public static func line(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(value)
        data.append(UInt8(ascii: "\n"))
        return data
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

    init(source: String, line: Int, decoding error: any Error, context: String) {
        let (field, message) = DecodingErrorDescription.describe(error)
        self.init(source: source, line: line, field: field.isEmpty ? context : field, message: message)
    }

    public var description: String { "\(source):\(line): \(field): \(message)" }
}
