import Foundation
import Testing

@testable import JailtopModel

/// The pull reader decodes what the writer and the old JSONEncoder wrote into the same model
/// JSONDecoder made, and names the field of every fault.
@Suite struct JSONReaderTests {
    static let samples = [SnapshotSamples.literal, SnapshotSamples.everyOptionalFilled, SnapshotSamples.everyOptionalEmpty]

    static func read(_ text: String) throws(JSONReadError) -> Snapshot {
        try Snapshot(jsonLine: Data(text.utf8))
    }

    static var compactLiteral: String {
        String(decoding: (try? RecordingEncoding.bytes(SnapshotSamples.literal)) ?? [], as: UTF8.self).trimmingASCIIWhitespace()
    }

    @Test(arguments: samples)
    func writtenThenReadIsTheSameValue(snapshot: Snapshot) throws {
        #expect(try Snapshot(jsonLine: Data(try RecordingEncoding.bytes(snapshot))) == snapshot)
        // And what the old encoder wrote reads the same.
        let old = try JSONWriterTests.encodedByFoundation(snapshot)
        #expect(try Snapshot(jsonLine: old) == snapshot)
    }

    @Test func headersRoundTrip() throws {
        let header = RecordingHeader(host: "h\u{2028}1 😀", intervalS: 0.2, created: 1_764_518_400.5)
        #expect(try RecordingHeader(jsonLine: Data(try RecordingEncoding.bytes(header))) == header)
    }

    /// Spellings JSONDecoder accepted and the writer never makes: each must decode as JSONDecoder
    /// decoded it.
    @Test(arguments: [
        ("\"cpu_time_s\":133.45", "\"cpu_time_s\":133.45000000000002"),  // float noise of the old encoder
        ("\"cpu_percent\":1.3", "\"cpu_percent\":1.3e0"),
        ("\"mem_percent\":0.4", "\"mem_percent\":4E-1"),
        ("\"time\":1764518400.25", "\"time\":1.76451840025e+09"),
        ("\"pid\":4242", "\"pid\":4242.0"),  // an Int field written as a double
        ("\"elapsed_s\":86000", "\"elapsed_s\":8.6e4"),
        ("\"nice\":0", "\"nice\":-0"),
        ("\"pid\":4242", "\"pi\\u0064\":4242"),  // an escaped key
        ("\"user\":\"www\"", "\"user\":\"w\\u0077\\/w \\ud83d\\ude00\""),  // escapes, a surrogate pair
        ("{\"host\":", "\u{FEFF}{\"host\":"),  // a byte-order mark
        ("\"ip6\":[]", "\"ip6\":[\"::1\",]"),  // trailing commas
        ("\"vsz_bytes\":115040256}", "\"vsz_bytes\":115040256,}"),
        ("\"pid\":4242", "\"pid\":4242,\"pid\":7"),  // a repeated key keeps its first value
        ("\"pid\":4242", "\"future\":{\"a\":[1,{\"b\":null}],\"c\":\"\\u00e9\"},\"pid\":4242"),  // unknown keys
        ("{\"host\":", " \r\n\t{\"host\":"),
    ])
    func acceptsWhatJSONDecoderAccepted(find: String, replace: String) throws {
        let text = Self.compactLiteral.replacingOccurrences(of: find, with: replace)
        #expect(text != Self.compactLiteral)
        let expected = try JSONDecoder().decode(Snapshot.self, from: Data(text.utf8))
        #expect(try Self.read(text) == expected)
    }

    @Test(arguments: [
        ("\"state\":\"running\"", "\"state\":\"up\"", "jails[0].state", "expected one of running|dying|stopped|unknown, got \"up\""),
        ("\"schema\":1", "\"schema\":2", "schema", "unsupported schema 2 (this jailtop reads schema 1)"),
        ("\"ncpu\":8", "\"ncpu\":\"8\"", "host.ncpu", "expected a whole number"),
        ("\"pid\":4242,", "", "processes[0].pid", "missing"),
        ("\"racct\":\"enabled\"", "\"racct\":\"on\"", "host.racct", "expected one of enabled|disabled|absent, got \"on\""),
        ("{\"configured\":true,\"hostname\":\"www.example.org\",\"interfaces\":[{", "{\"configured\":true,\"hostname\":\"www.example.org\",\"interfaces\":[{\"rx_bytes\":\"1\",", "jails[0].interfaces[0].rx_bytes", "expected a whole number"),
        ("\"jid\":3,\"name\":\"www\"", "\"jid\":null,\"name\":\"www\"", "jails[0].jid", "a running jail needs a JID"),
        ("\"jid\":null", "\"jid\":5", "jails[1].jid", "a stopped jail has \"jid\":null"),
        ("\"pid\":4242", "\"pid\":3.5", "processes[0].pid", "expected a whole number that fits in 64 bits, got 3.5"),
        ("\"pid\":4242", "\"pid\":9223372036854775808", "processes[0].pid", "got 9223372036854775808"),
        ("\"rss_bytes\":33554432", "\"rss_bytes\":1e30", "processes[0].rss_bytes", "got 1e30"),
        ("\"user\":\"www\"", "\"user\":null", "processes[0].user", "is null, expected a string"),
        ("\"vnet\":false", "\"vnet\":0", "jails[0].vnet", "expected true or false"),
        ("\"per\":\"jail\"", "\"per\":\"galaxy\"", "jails[0].rules[0].per", "expected one of process|user|loginclass|jail, got \"galaxy\""),
        ("\"time\":1764518400.25", "\"time\":1e400", "time", "1e400 is out of range for a number"),
        ("\"persist\":true", "\"persist\":null", "jails[0].params.persist", "expected a string, boolean, integer or list of strings"),
        ("\"persist\":true", "\"persist\":[1]", "jails[0].params.persist", "expected a string, boolean, integer or list of strings"),
        ("\"memoryuse\":412753920", "\"memoryuse\":\"x\"", "jails[0].racct.memoryuse", "expected a whole number"),
        ("\"ip4\":[\"192.0.2.10\"]", "\"ip4\":[\"192.0.2.10\",7]", "jails[0].ip4[1]", "expected a string"),
        ("\"loadavg\":[0.42,0.38,0.35]", "\"loadavg\":{}", "host.loadavg", "expected a list"),
        ("\"host\":{", "\"host\":[],\"x\":{", "host", "expected an object (HostInfo)"),
        ("\"processes\":[{", "\"processes\":[7,{", "processes[0]", "expected an object (JailProcess)"),
        ("\"schema\":1,", "\"errors\":[{\"source\":\"disk\",\"message\":\"x\"}],\"schema\":1,", "errors[0].source", "expected one of jails|"),
    ])
    func faultsNameTheirField(find: String, replace: String, field: String, message: String) throws {
        let text = Self.compactLiteral.replacingOccurrences(of: find, with: replace)
        #expect(text != Self.compactLiteral, "\(find)")
        #expect(throws: (any Error).self, "JSONDecoder accepted it too") { try JSONDecoder().decode(Snapshot.self, from: Data(text.utf8)) }
        do {
            _ = try Self.read(text)
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.kind == .schema)
            #expect(error.field == field)
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    /// Every prefix of a sample is not JSON: how a last line cut off mid-write is told from a
    /// wrong one.
    @Test func everyCutOffPrefixIsNotJSON() {
        let bytes = Array(Self.compactLiteral.utf8)
        for length in 0..<bytes.count {
            do {
                _ = try Snapshot(jsonLine: Data(bytes[..<length]))
                Issue.record("a prefix of \(length) bytes was read")
            } catch {
                #expect(error.isNotJSON, "\(length): \(error)")
            }
        }
    }

    @Test(arguments: [
        ("\"user\":\"www\"", "\"user\":\"w\u{01}w\""),  // a raw control byte
        ("\"user\":\"www\"", "\"user\":\"\\ud800\""),  // an unpaired surrogate
        ("\"user\":\"www\"", "\"user\":\"\\x\""),  // an unknown escape
        ("\"pid\":4242", "\"pid\":04242"),  // a leading zero
        ("\"pid\":4242", "\"pid\":.5"),
        ("\"vnet\":false", "\"vnet\":fals"),
        ("\"ip6\":[]", "\"ip6\":[,]"),
        // A schema fault first and a syntax fault later: not JSON wins, as it did.
        ("\"ncpu\":8", "\"ncpu\":\"8\",\"x\":tru"),
        ("\"processes\":[", "\"processes\":[}"),
    ])
    func syntaxFaultsAreNotJSON(find: String, replace: String) throws {
        let text = Self.compactLiteral.replacingOccurrences(of: find, with: replace)
        #expect(text != Self.compactLiteral)
        #expect(throws: (any Error).self) { try JSONDecoder().decode(Snapshot.self, from: Data(text.utf8)) }
        #expect(RecordingLineChecker.isCutOffSample(Data(text.utf8)))
        do {
            _ = try Self.read(text)
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.isNotJSON, "\(error)")
            #expect(error.message.hasPrefix("not valid JSON ("), "\(error.message)")
        }
    }

    /// Invalid UTF-8 in a string the model reads is not JSON (JSONDecoder refused it too); in
    /// the value of an unknown key it is skipped, as JSONDecoder skipped it.
    @Test func invalidUTF8() throws {
        let text = Self.compactLiteral
        var bad = Array(text.utf8)
        let user = try #require(text.range(of: "\"user\":\"www\"")).upperBound
        bad.insert(0xFF, at: text.utf8.distance(from: text.startIndex, to: user) - 2)
        #expect(throws: (any Error).self) { try JSONDecoder().decode(Snapshot.self, from: Data(bad)) }
        do {
            _ = try Snapshot(jsonLine: Data(bad))
            Issue.record("invalid UTF-8 was accepted")
        } catch {
            #expect(error.isNotJSON && error.field == "processes[0].user", "\(error)")
            #expect(error.message.hasPrefix("not valid JSON (invalid UTF-8 in a string"), "\(error.message)")
        }
        let skipped = Array("{\"future\":\"".utf8) + [0xC3, 0x28] + Array("\",".utf8) + Array(text.utf8.dropFirst())
        #expect(try Snapshot(jsonLine: Data(skipped)) == (try JSONDecoder().decode(Snapshot.self, from: Data(skipped))))
    }

    static func number<T>(_ text: String, _ read: (inout JSONReader) throws(JSONReadError) -> T) throws(JSONReadError) -> T {
        let bytes = Array(text.utf8)
        let result = bytes.withUnsafeBytes { raw in Result { () throws(JSONReadError) in try JSONReader.read(raw, read) } }
        return try result.get()
    }

    @Test(arguments: [
        ("0", 0), ("-7", -7), ("123456789012345678", 123_456_789_012_345_678), ("9223372036854775807", Int.max),
        ("-9223372036854775808", Int.min), ("1.5e1", 15), ("100e-2", 1), ("-0", 0), ("3.0", 3), ("0.0e5", 0), ("-4.000", -4), ("0", 0),
    ])
    func wholeNumbersInAnyNotation(text: String, expected: Int) throws {
        #expect(try Self.number(text) { r throws(JSONReadError) in try r.int() } == expected)
    }

    /// Bit for bit what the standard library's parser (strtod) makes of the same text.
    @Test(arguments: [
        "0", "-0", "-0.0", "0.1", "58.8", "58.80000000000002", "1e-05", "2.5e-324", "1.7976931348623157e308", "0.30000000000000004",
        "1764518400.123", "123456789012345678", "1234567890123456789", "9007199254740993", "-12.5E+3", "0.5", "-0.25",
        "133.45", "12345678.123456789", "0.000000000000000001", "9007199254740.993",
    ])
    func doublesAreCorrectlyRounded(text: String) throws {
        let value = try Self.number(text) { r throws(JSONReadError) in try r.double() }
        #expect(value.bitPattern == Double(text)?.bitPattern, "\(text) -> \(value)")
    }

    /// Whatever the writer prints, at any precision, reads back as strtod reads it.
    @Test func writtenNumbersReadAsStrtodReadsThem() throws {
        var random = SystemRandomNumberGenerator()
        for precision in [JSONNumberPrecision.tenths, .hundredths, .thousandths, .shortest] {
            for _ in 0..<3000 {
                let value = Double.random(in: -2e10...2e10, using: &random) / [1, 7, 1000, 1e9].randomElement(using: &random)!
                var w = JSONWriter()
                try w.double(value, precision)
                let text = String(decoding: w.bytes, as: UTF8.self)
                let read = try Self.number(text) { r throws(JSONReadError) in try r.double() }
                #expect(read.bitPattern == Double(text)?.bitPattern, "\(text)")
            }
        }
    }

    @Test func nestingIsBounded() {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        let text = Self.compactLiteral.replacingOccurrences(of: "\"schema\":1", with: "\"x\":\(deep),\"schema\":1")
        #expect(throws: JSONReadError.self) { try Self.read(text) }
    }
}
