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
    }
}
