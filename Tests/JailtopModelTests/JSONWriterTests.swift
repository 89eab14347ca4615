import Foundation
import Testing

@testable import JailtopModel

/// The byte-buffer writer prints what JSONEncoder printed (strings, key order, optional
/// members), except that doubles are rounded to what each field means.
@Suite struct JSONWriterTests {
    static let adversarialStrings: [String] = [
        "",
        String((0..<0x20).map { Character(Unicode.Scalar(UInt8($0))) }),
        #"quote " backslash \ slash / both \" "\"#,
        "DEL \u{7F} line sep \u{2028} para sep \u{2029} bom \u{FEFF}",
        "emoji 😀👩‍👩‍👧 flags 🇫🇷 combining e\u{301} CJK 漢字",
        "\u{1B}[31mred\u{1B}[0m\ttab\r\n",
        // Plain (copied whole in one checked pass), and plain up to one escape at its very end.
        "/usr/local/bin/a-long-plain-command --flag=value /var/db/x",
        String(repeating: "abcdefgh", count: 40) + "\"",
    ]

    /// The old path: JSONEncoder as RecordingEncoding configured it.
    static func encodedByFoundation(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    @Test(arguments: adversarialStrings)
    func stringsAreEscapedExactlyAsJSONEncoderDid(text: String) throws {
        var w = JSONWriter()
        w.string(text)
        let foundation = try Self.encodedByFoundation([text]).dropFirst().dropLast()
        #expect(w.bytes == Array(foundation), "\(String(decoding: w.bytes, as: UTF8.self))")
    }

    @Test(arguments: [
        (58.80000000000002, JSONNumberPrecision.tenths, "58.8"),
        (175.80000000000004, .tenths, "175.8"),
        (58, .tenths, "58"),
        (0, .tenths, "0"),
        (-0.0, .shortest, "-0"),  // JSONEncoder's form, kept for .shortest
        (-0.04, .tenths, "0"),  // never "-0" once rounded
        (-1.25, .tenths, "-1.3"),  // halves away from zero
        (0.05, .hundredths, "0.05"),
        (133.45, .hundredths, "133.45"),
        (0.1 + 0.2, .hundredths, "0.3"),
        (1_764_518_400.25, .thousandths, "1764518400.25"),
        (1_764_518_400.1234, .thousandths, "1764518400.123"),
        (1e20, .tenths, "1e+20"),  // too large to round in place: shortest, as JSONEncoder
        (2, .shortest, "2"),
        (0.5, .shortest, "0.5"),
        (1e-05, .shortest, "1e-05"),
    ])
    func doublesArePrintedAtTheirPrecision(value: Double, precision: JSONNumberPrecision, expected: String) throws {
        var w = JSONWriter()
        try w.double(value, precision)
        #expect(String(decoding: w.bytes, as: UTF8.self) == expected)
    }

    /// Text read back and written again is the same text: a recording replayed and recorded
    /// again does not drift.
    @Test func roundingIsStableThroughText() throws {
        var random = SystemRandomNumberGenerator()
        for precision in [JSONNumberPrecision.tenths, .hundredths, .thousandths, .shortest] {
            for _ in 0..<2000 {
                let value = Double.random(in: -2e9...2e9, using: &random) / Double([1, 10, 1000, 1e6].randomElement(using: &random)!)
                var first = JSONWriter()
                try first.double(value, precision)
                let reread = try #require(Double(String(decoding: first.bytes, as: UTF8.self)))
                var second = JSONWriter()
                try second.double(reread, precision)
                #expect(first.bytes == second.bytes, "\(value)")
            }
        }
    }

    /// The sorted key order is reused only for the same key set: a set of the same size with
    /// other names is sorted anew, and so is one that differs in a single key.
    @Test func parameterObjectsAreSortedWhateverTheJailBefore() {
        let a: [String: ParamValue] = ["b": .integer(1), "a": .bool(true), "c": .string("x")]
        let b: [String: ParamValue] = ["z": .integer(2), "y": .bool(false), "x": .string("")]
        let c: [String: ParamValue] = ["b": .integer(1), "a": .bool(true), "d": .list(["1", "2"])]
        var w = JSONWriter(reservingCapacity: 1)  // grown many times on the way
        for params in [a, a, b, c, a, [:]] {
            ParamValue.writeJSON(params, into: &w)
            w.newline()
        }
        #expect(String(decoding: w.bytes, as: UTF8.self) == """
            {"a":true,"b":1,"c":"x"}
            {"a":true,"b":1,"c":"x"}
            {"x":"","y":false,"z":2}
            {"a":true,"b":1,"d":["1","2"]}
            {"a":true,"b":1,"c":"x"}
            {}

            """)
    }

    @Test func integersCoverTheWholeRange() {
        var w = JSONWriter()
        for value in [0, 7, -7, 1_000_000, Int.max, Int.min] {
            w.beginElement()
            w.int(value)
        }
        #expect(String(decoding: w.bytes, as: UTF8.self) == "0,7,-7,1000000,9223372036854775807,-9223372036854775808")
        // Every number of digits, at its edges (digits are written two at a time).
        var values: [Int] = []
        var power = 1
        for _ in 0..<19 {
            values += [power - 1, power, power + 1, power * 5 + 3, -(power * 9 + 7)]
            power = power.multipliedReportingOverflow(by: 10).partialValue
        }
        var all = JSONWriter()
        for value in values {
            all.beginElement()
            all.int(value)
        }
        #expect(String(decoding: all.bytes, as: UTF8.self) == values.map(String.init).joined(separator: ","))
    }

    /// Keys and short values of every length up to past 16 bytes are copied whole (the short
    /// ones as overlapping words).
    @Test func keysOfEveryLengthAreCopiedWhole() {
        let names: [StaticString] = [
            "a", "ab", "abc", "abcd", "abcde", "abcdef", "abcdefg", "abcdefgh", "abcdefghi", "abcdefghij", "abcdefghijk",
            "abcdefghijkl", "abcdefghijklm", "abcdefghijklmn", "abcdefghijklmno", "abcdefghijklmnop",
            "abcdefghijklmnopq", "abcdefghijklmnopqrstuvwxyz",
        ]
        var w = JSONWriter()
        w.beginObject()
        for (i, name) in names.enumerated() { w.member(name, i) }
        w.endObject()
        let expected = "{" + names.enumerated().map { "\"\($1)\":\($0)" }.joined(separator: ",") + "}"
        #expect(String(decoding: w.bytes, as: UTF8.self) == expected)
    }

    /// A value whose doubles already sit on their precision prints byte for byte as JSONEncoder
    /// printed it: same keys, same order, same nulls and omissions.
    @Test(arguments: [SnapshotSamples.literal, SnapshotSamples.everyOptionalFilled, SnapshotSamples.everyOptionalEmpty])
    func cleanValuesPrintExactlyAsJSONEncoderDid(snapshot: Snapshot) throws {
        let fast = try RecordingEncoding.bytes(snapshot)
        let foundation = try Self.encodedByFoundation(snapshot) + Data("\n".utf8)
        #expect(fast == Array(foundation), "\(String(decoding: fast, as: UTF8.self))")
    }

    @Test func headerAndProcessRowsPrintAsJSONEncoderDid() throws {
        let header = RecordingHeader(host: "h1", intervalS: 0.25, created: 1_764_518_400.5)
        #expect(try RecordingEncoding.bytes(header) == Array(try Self.encodedByFoundation(header) + Data("\n".utf8)))
        var w = JSONWriter()
        try SnapshotSamples.everyOptionalFilled.processes[0].writeJSON(into: &w, jail: .included(name: nil))
        let text = String(decoding: w.bytes, as: UTF8.self)
        #expect(text.contains(#""elapsed_s":86000,"jail":null,"jid":3,"#), "\(text)")
    }

    /// Noisy doubles (sums of one-decimal percentages) come out rounded; everything else is
    /// the same document as JSONEncoder's, as JSONSerialization sees it.
    @Test func noisyValuesAreTheSameDocumentAfterTheDocumentedRounding() throws {
        var noisy = SnapshotSamples.everyOptionalFilled
        noisy.time += 0.000_123_4
        noisy.jails[0].summary.cpuPercent = [0.1, 0.2, 0.4, 58.1].reduce(0, +)
        noisy.processes[0].cpuTimeS = 133.449_999_999_9
        noisy.host.loadavg = [0.1 + 0.2, 1.005, 2]
        let fast = try JSONSerialization.jsonObject(with: Data(try RecordingEncoding.bytes(noisy)))
        let old = try JSONSerialization.jsonObject(with: try Self.encodedByFoundation(noisy))
        #expect(NSDictionary(dictionary: try #require(fast as? [String: Any])) == NSDictionary(dictionary: try #require(SchemaRounding.apply(old) as? [String: Any])))
        #expect(String(decoding: try RecordingEncoding.bytes(noisy), as: UTF8.self).contains(#""cpu_percent":58.8,"processes""#))
    }

    @Test func aNaNIsAnErrorNamingItsField() throws {
        var bad = SnapshotSamples.everyOptionalFilled
        bad.processes.append(bad.processes[0])
        bad.processes[1].cpuPercent = .nan
        #expect(throws: JSONWriteError(path: ["processes", "[1]", "cpu_percent"], message: "nan cannot be written as a JSON number")) {
            try RecordingEncoding.bytes(bad)
        }
        bad = SnapshotSamples.everyOptionalFilled
        bad.host.loadavg = [1, .infinity, 1]
        do {
            _ = try RecordingEncoding.bytes(bad)
            Issue.record("an infinite load average was written")
        } catch {
            #expect(error.description == "cannot write JSON: host.loadavg[1]: inf cannot be written as a JSON number")
        }
    }

    /// A sample of 300 processes, most with text to escape, every one a few hundred bytes.
    static func manyProcesses() -> Snapshot {
        var sample = SnapshotSamples.everyOptionalFilled
        sample.processes = (0..<300).map { i in
            var p = SnapshotSamples.process
            p.pid = 1000 + i
            p.args = i % 7 == 0 ? "" : "\(p.args) \(i)"
            return p
        }
        return sample
    }

    /// Streamed in pieces, the line is byte for byte the line written whole; each piece but the
    /// last is at least the chunk (cut after an element), and the memory held is one piece.
    @Test(arguments: [64, 1000, 4096, 1 << 20])
    func aStreamedLineIsTheWholeLineInPieces(chunkBytes: Int) throws {
        let sample = Self.manyProcesses()
        var pieces: [[UInt8]] = []
        try RecordingEncoding.stream(sample, chunkBytes: chunkBytes) { pieces.append(Array($0)) }
        #expect(pieces.joined().elementsEqual(try RecordingEncoding.bytes(sample)))
        #expect(pieces.dropLast().allSatisfy { $0.count >= chunkBytes })
        #expect(chunkBytes >= 1 << 20 ? pieces.count == 1 : pieces.count > 10)
    }

    struct SinkFull: Error, Equatable {}

    /// A sink that fails (a closed pipe) is the error the stream ends with, and is not handed
    /// another piece after it failed.
    @Test func aFailedSinkEndsTheStreamWithItsError() {
        var calls = 0
        #expect(throws: SinkFull()) {
            try RecordingEncoding.stream(Self.manyProcesses(), chunkBytes: 512) { _ in
                calls += 1
                if calls == 2 { throw SinkFull() }
            }
        }
        #expect(calls == 2)
    }

    /// A value JSON cannot hold fails the line with the field named, whatever went out before.
    @Test func aNonFiniteValueInAStreamNamesItsField() throws {
        var sample = Self.manyProcesses()
        sample.processes[250].cpuPercent = .nan
        var written = 0
        do {
            try RecordingEncoding.stream(sample, chunkBytes: 512) { written += $0.count }
            Issue.record("a NaN was streamed")
        } catch let error as JSONWriteError {
            #expect(error.field == "processes[250].cpu_percent")
            #expect(written > 0)
        }
    }
}

/// Issue 13: a sample's jails and processes are written by two threads (`parallelArray`), and
/// the result must be the array one thread writes, byte for byte, streamed or whole.
@Suite struct ParallelArrayTests {
    /// Elements as `parallelArray` or `array` writes them.
    struct List<Element: JSONWritable & Sendable>: JSONWritable {
        var elements: [Element]
        var parallel: Bool

        func writeJSON(into w: inout JSONWriter) throws(JSONWriteError) {
            if parallel { try w.parallelArray(elements, named: "list") } else { try w.array(elements, named: "list") }
        }
    }

    static let perPiece = JSONWriter.pieceBytes / SnapshotSamples.process.estimatedJSONBytes

    static func processes(_ count: Int) -> [JailProcess] {
        (0..<count).map { i in
            var p = SnapshotSamples.process
            p.pid = 1000 + i
            p.cpuPercent = Double(i % 1000) / 10
            p.args = i % 7 == 0 ? "" : "\(p.args) \"\(i)\"\t"
            return p
        }
    }

    /// Below four pieces one thread writes; from four on two, the last piece short or full.
    @Test(arguments: [perPiece * 3, perPiece * 4, 10_000, perPiece * 11 + 1])
    func twoThreadsWriteTheProcessesOneThreadWrites(count: Int) throws {
        let processes = Self.processes(count)
        let one = try RecordingEncoding.bytes(List(elements: processes, parallel: false))
        #expect(try RecordingEncoding.bytes(List(elements: processes, parallel: true)) == one)
        for chunk in [512, 64 << 10, 1 << 20] {
            var streamed: [UInt8] = []
            try RecordingEncoding.stream(List(elements: processes, parallel: true), chunkBytes: chunk) { streamed += $0 }
            #expect(streamed == one, "chunk \(chunk)")
        }
    }

    /// Jails, whose parameter objects each writer sorts with a cache of its own.
    @Test func twoThreadsWriteTheJailsOneThreadWrites() throws {
        let jails = (0..<3000).map { i in
            var jail = SnapshotSamples.everyOptionalFilled.jails[0]
            jail.jid = i + 1
            jail.name = "j\(i)"
            if i % 5 == 0 { jail.params["allow.raw_sockets"] = .bool(i % 2 == 0) }
            for n in 0..<40 { jail.params["param.\(n)"] = .string("value \(n) of \(i)") }
            return jail
        }
        let one = try RecordingEncoding.bytes(List(elements: jails, parallel: false))
        var streamed: [UInt8] = []
        try RecordingEncoding.stream(List(elements: jails, parallel: true), chunkBytes: 4096) { streamed += $0 }
        #expect(streamed == one)
    }

    /// An element JSON cannot hold fails the line naming it, whichever thread wrote its piece
    /// (the first, one in the middle, the last), after the pieces before it.
    @Test(arguments: [1, 1500, 5000, 9999])
    func aNaNNamesItsElementWhicheverThreadWroteIt(index: Int) throws {
        var processes = Self.processes(10_000)
        let whole = try RecordingEncoding.bytes(List(elements: processes, parallel: false))
        processes[index].cpuPercent = .nan
        var written: [UInt8] = []
        do {
            try RecordingEncoding.stream(List(elements: processes, parallel: true), chunkBytes: 4096) { written += $0 }
            Issue.record("a NaN was written")
        } catch let error as JSONWriteError {
            #expect(error.field == "list[\(index)].cpu_percent")
            #expect(whole.starts(with: written))
        }
    }

    /// A top-level array (`ps --json`): the same bytes as `Array.writeJSON`, errors by index.
    struct Unnamed: JSONWritable {
        var processes: [JailProcess]
        func writeJSON(into w: inout JSONWriter) throws(JSONWriteError) { try w.parallelArray(processes) }
    }

    @Test func aTopLevelArrayIsTheArrayAndNamesElementsByIndex() throws {
        var processes = Self.processes(10_000)
        #expect(try RecordingEncoding.bytes(Unnamed(processes: processes)) == RecordingEncoding.bytes(processes))
        processes[5000].memPercent = .infinity
        #expect {
            try RecordingEncoding.stream(Unnamed(processes: processes), chunkBytes: 4096) { _ in }
        } throws: { ($0 as? JSONWriteError)?.field == "[5000].mem_percent" }
    }

    /// A sink that fails ends the writing with its error, and is not called again.
    @Test func aFailedSinkEndsIt() {
        var calls = 0
        #expect(throws: JSONWriterTests.SinkFull()) {
            try RecordingEncoding.stream(List(elements: Self.processes(10_000), parallel: true), chunkBytes: 4096) { _ in
                calls += 1
                if calls == 5 { throw JSONWriterTests.SinkFull() }
            }
        }
        #expect(calls == 5)
    }
}

/// The rounding schema 1 documents per field, applied to a JSONSerialization tree of the old
/// encoder's output so that it can be compared with the writer's.
enum SchemaRounding {
    static func apply(_ value: Any, key: String = "") -> Any {
        if let object = value as? [String: Any] {
            return Dictionary(uniqueKeysWithValues: object.map { ($0.key, apply($0.value, key: $0.key)) })
        }
        if let array = value as? [Any] { return array.map { apply($0, key: key) } }
        let step: Double? =
            switch key {
            case "cpu_percent", "mem_percent": 0.1
            case "cpu_time_s", "loadavg": 0.01
            case "time", "created", "boottime", "racct_time": 0.001
            default: nil
            }
        guard let step, let number = value as? Double else { return value }
        let rounded = (number / step).rounded(.toNearestOrAwayFromZero)
        // Through text, as the writer does, so 0.3 is the double nearest 0.3.
        return NSNumber(value: Double(String(format: "%.3f", rounded * step)) ?? .nan)
    }
}
