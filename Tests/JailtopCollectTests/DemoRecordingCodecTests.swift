import Foundation
import JailtopModel
import Testing

@testable import JailtopCollect

/// The built-in demo recording through the fast JSON reader and writer: read as JSONDecoder
/// read it, and written back byte for byte.
@Suite struct DemoRecordingCodecTests {
    @Test func everyLineReadsAsJSONDecoderReadIt() throws {
        let lines = DemoHost.data.split(separator: UInt8(ascii: "\n"))
        #expect(lines.count > 60)
        #expect(try RecordingHeader(jsonLine: Data(lines[0])) == (try JSONDecoder().decode(RecordingHeader.self, from: Data(lines[0]))))
        for line in lines.dropFirst() {
            #expect(try Snapshot(jsonLine: Data(line)) == (try JSONDecoder().decode(Snapshot.self, from: Data(line))))
        }
    }

    @Test func readingThenWritingGivesTheSameBytes() throws {
        let recording = try Recording(data: DemoHost.data, source: "demo")
        #expect(try recording.encoded() == DemoHost.data)
        // A slice of a larger buffer (its indices do not start at 0) reads the same.
        let padded = Data("xx".utf8) + DemoHost.data
        let slice = try Recording(data: padded[2...], source: "demo")
        #expect(slice.snapshots.count == recording.snapshots.count)
        #expect(try slice.encoded() == DemoHost.data)
    }
}
