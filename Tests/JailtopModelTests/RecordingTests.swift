import Foundation
import Testing

@testable import JailtopModel

/// Recordings are checked line by line; every error names the file, line and field.
@Suite struct RecordingTests {
    static let header = #"{"jailtop_recording":1,"host":"h1","interval_s":2,"created":1764518400}"#

    static func sampleLine(time: Double, state: String = "running", extra: String = "") -> String {
        #"{"schema":1,"time":\#(time),"host":{"hostname":"h1","osrelease":"14.3-RELEASE","ncpu":2,"physmem_bytes":1,"loadavg":[0,0,0],"boottime":0,"racct":"disabled"},"jails":[{"jid":1,"name":"www","hostname":"","path":"/j","state":"\#(state)","parent":0,"osrelease":"","vnet":false,"ip4":[],"ip6":[],"configured":false,"params":{},"racct":null,"rules":[],"interfaces":[],"summary":{"processes":0,"threads":0,"cpu_percent":0,"rss_bytes":0}}],"processes":[]\#(extra)}"#
    }

    static func parse(_ lines: [String]) throws(RecordingError) -> Recording {
        try Recording(data: Data(lines.joined(separator: "\n").utf8), source: "rec.jsonl")
    }

    @Test func readsAValidRecordingAndItsEncodingBack() throws {
        let rec = try Self.parse([Self.header, Self.sampleLine(time: 10), "", Self.sampleLine(time: 12), ""])
        #expect(rec.header.intervalS == 2 && rec.header.host == "h1")
        #expect(rec.snapshots.map(\.time) == [10, 12])
        let again = try Recording(data: try rec.encoded(), source: "again")
        #expect(again == rec)
    }

    @Test(arguments: [
        // Ended by a newline, so not a line cut off while it was written: an error.
        ([header, sampleLine(time: 1), "{not json", ""], "rec.jsonl:3: snapshot: not valid JSON"),
        // Well-formed JSON that is wrong is an error even on a last line without a newline.
        ([header, sampleLine(time: 1), sampleLine(time: 2, state: "zombie")], "rec.jsonl:3: jails[0].state: expected one of"),
        ([header, String(sampleLine(time: 1).prefix(80))], "rec.jsonl:2: snapshot: the recording has a header but no complete samples"),
        ([header, sampleLine(time: 1, state: "zombie"), ""], "rec.jsonl:2: jails[0].state: expected one of running|dying|stopped|unknown, got \"zombie\""),
        ([header, sampleLine(time: 5), sampleLine(time: 3)], "rec.jsonl:3: time: 3.0 is not after the previous sample's 5.0"),
        ([sampleLine(time: 1)], "rec.jsonl:1: jailtop_recording: missing"),
        ([header], "rec.jsonl:1: snapshot: the recording has a header but no samples"),
        ([""], "rec.jsonl:1: jailtop_recording: empty file: expected a recording header"),
        ([#"{"jailtop_recording":2,"host":"h","interval_s":2,"created":0}"#, sampleLine(time: 1)], "rec.jsonl:1: jailtop_recording: unsupported recording version 2"),
        ([#"{"jailtop_recording":1,"host":"h","interval_s":0,"created":0}"#, sampleLine(time: 1)], "rec.jsonl:1: interval_s: must be greater than 0"),
        ([header, "", "", sampleLine(time: 1, extra: #","errors":[{"source":"disk","message":"x"}]"#)], "rec.jsonl:4: errors[0].source: expected one of"),
    ])
    func malformedRecordingsNameLineAndField(lines: [String], expected: String) {
        do {
            _ = try Self.parse(lines)
            Issue.record("should have failed: \(expected)")
        } catch {
            #expect(error.description.hasPrefix(expected), "\(error.description)")
        }
    }

    /// Issue 11: a crash or a full disk between two lines leaves a last line without its
    /// newline; every complete sample before it still replays, with a warning.
    @Test func aCutOffLastLineIsSkippedWithAWarning() throws {
        let cut = String(Self.sampleLine(time: 14).prefix(150))
        let rec = try Self.parse([Self.header, Self.sampleLine(time: 10), Self.sampleLine(time: 12), cut])
        #expect(rec.snapshots.map(\.time) == [10, 12])
        let warning = try #require(rec.incompleteLine)
        #expect(warning.line == 4 && warning.length == 150)
        #expect(warning.offset == [Self.header, Self.sampleLine(time: 10), Self.sampleLine(time: 12)].joined(separator: "\n").utf8.count + 1)
        #expect(warning.description.hasPrefix("rec.jsonl:4: snapshot: the last line is incomplete (150 bytes, no newline)"), "\(warning)")
        // A whole recording has none.
        #expect(try Self.parse([Self.header, Self.sampleLine(time: 10), ""]).incompleteLine == nil)
    }

    /// Reading from a descriptor, line by line, judges a file exactly as reading it whole does,
    /// whatever the read(2) sizes (lines split across reads, blank and CRLF lines, a cut-off end).
    @Test(arguments: [1, 7, 64, 1 << 20])
    func streamedReadingMatchesReadingWhole(chunkSize: Int) throws {
        let text = [Self.header, Self.sampleLine(time: 10), "", Self.sampleLine(time: 12) + "\r", Self.sampleLine(time: 14), ""]
            .joined(separator: "\n") + String(Self.sampleLine(time: 16).prefix(99))
        let whole = try Recording(data: Data(text.utf8), source: "rec.jsonl")
        let streamed = try Self.withPipe(text) { fd in
            try Recording(descriptor: fd, source: "rec.jsonl", extent: .atMost(1 << 20), maxLineBytes: 1 << 20, chunkSize: chunkSize)
        }
        #expect(streamed == whole)
        #expect(streamed.snapshots.count == 3 && streamed.incompleteLine?.line == 6)
    }

    /// Issue 11: reading is bounded. A line longer than the limit, or a stream longer than its
    /// extent, is an error naming the line, reached without holding more than the limit.
    @Test func readingIsBounded() throws {
        let text = [Self.header, Self.sampleLine(time: 10), ""].joined(separator: "\n")
        do {
            _ = try Self.withPipe(text) { fd in
                try Recording(descriptor: fd, source: "rec.jsonl", extent: .atMost(1 << 20), maxLineBytes: 200, chunkSize: 64)
            }
            Issue.record("a line over the limit was accepted")
        } catch {
            #expect("\(error)".hasPrefix("rec.jsonl:2: line: longer than 200 bytes without a newline"), "\(error)")
        }
        do {
            _ = try Self.withPipe(text) { fd in
                try Recording(descriptor: fd, source: "rec.jsonl", extent: .atMost(300), maxLineBytes: 1 << 20)
            }
            Issue.record("a stream over its extent was accepted")
        } catch {
            #expect("\(error)".hasPrefix("rec.jsonl:2: file: more than 300 bytes from a stream"), "\(error)")
        }
        // An endless stream without a newline (the --fixture /dev/zero of the issue) stops at the line limit.
        let zero = open("/dev/zero", O_RDONLY)
        try #require(zero >= 0)
        defer { close(zero) }
        #expect(throws: RecordingError(source: "zero", line: 1, field: "line", message: "longer than 1 MiB without a newline: not a recording (one sample of 50 000 processes is about 20 MB)")) {
            try Recording(descriptor: zero, source: "zero", extent: .atMost(1 << 30), maxLineBytes: 1 << 20)
        }
        // A regular file is read only as far as it was long when opened.
        let prefix = try Self.withPipe(text + Self.sampleLine(time: 12) + "\n") { fd in
            try Recording(descriptor: fd, source: "rec.jsonl", extent: .firstBytes(text.utf8.count), maxLineBytes: 1 << 20)
        }
        #expect(prefix.snapshots.map(\.time) == [10])
    }

    /// Runs `body` on the read end of a pipe holding `text` (small enough for the pipe's buffer).
    static func withPipe<T>(_ text: String, _ body: (Int32) throws -> T) throws -> T {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0, "pipe: errno \(errno)")
        defer { close(ends[0]) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(ends[1], $0.baseAddress, $0.count) }
        close(ends[1])
        precondition(written == bytes.count, "the test text must fit in a pipe's buffer")
        return try body(ends[0])
    }
}
