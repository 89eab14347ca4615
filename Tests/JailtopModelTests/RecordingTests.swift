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
        ([header, sampleLine(time: 1), "{not json"], "rec.jsonl:3: snapshot: not valid JSON"),
        ([header, sampleLine(time: 1, state: "zombie")], "rec.jsonl:2: jails[0].state: expected one of running|dying|stopped|unknown, got \"zombie\""),
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
}
