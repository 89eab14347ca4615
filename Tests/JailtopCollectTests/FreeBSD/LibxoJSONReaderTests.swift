// The documents below follow what libxo 1.4 (FreeBSD 14) writes: compact `"key":value` pairs,
// `"list": [` for lists, and — the reason this reader exists — control bytes inside strings
// written raw, since only \, ", newline and CR are escaped (libxo.c `xo_format_string_direct`,
// XO_STYLE_JSON case). They are built from that code, not captured.
import Testing

@testable import JailtopCollect

/// Checks the lenient libxo JSON reader: raw control bytes accepted, everything else strict.
@Suite struct LibxoJSONReaderTests {
    private func read(_ text: String) throws(ToolOutputError) -> LibxoJSONValue {
        try LibxoJSONReader.read(Array(text.utf8), tool: "jls")
    }

    private func error(_ bytes: [UInt8]) -> ToolOutputError? {
        do {
            _ = try LibxoJSONReader.read(bytes, tool: "jls")
            return nil
        } catch {
            return error
        }
    }

    @Test func readsTheLibxoShapes() throws {
        let value = try read(#"{"__version": "2", "a": {"list": [1, -2.5e3, "x", true, false, null]}, "b":"\"q\"\\\n"}"#)
        #expect(value["__version"] == .string("2"))
        #expect(value["a"]?["list"] == .array([.number("1"), .number("-2.5e3"), .string("x"), .bool(true), .bool(false), .null]))
        #expect(value["b"] == .string("\"q\"\\\n"))
    }

    @Test func keepsRawControlBytesInStrings() throws {
        let value = try read("{\"host.hostname\":\"evil\u{1B}[2J\thost\u{07}\"}")
        #expect(value["host.hostname"] == .string("evil\u{1B}[2J\thost\u{07}"))
    }

    @Test func replacesInvalidUTF8AndDecodesEscapes() throws {
        let bytes: [UInt8] = Array(#"{"k":"a"#.utf8) + [0xFF] + Array(#"b\u00e9\ud83d\ude00\ud800\q"}"#.utf8)
        let value = try LibxoJSONReader.read(bytes, tool: "jls")
        #expect(value["k"] == .string("a\u{FFFD}bé😀\u{FFFD}\\q"))
    }

    @Test func repeatedKeysKeepTheLast() throws {
        // netstat -d writes "dropped-packets" twice in one object (if.c show_stat).
        #expect(try read(#"{"dropped-packets":1,"dropped-packets":2}"#)["dropped-packets"] == .number("2"))
    }

    @Test func errorsCarryLineAndWhat() {
        #expect(error([])?.description == "jls: line 1: expected a JSON document, got empty output")
        #expect(error(Array("{\"a\":1,\n\"b\" 2}".utf8))?.description == "jls: line 2: expected ':' after key \"b\", got \"2}\"")
        #expect(error(Array("{\"a\":\"open".utf8))?.description == "jls: line 1: unterminated string starting with \"\\\"open\"")
        #expect(error(Array("{\"a\":tru}".utf8))?.description == "jls: line 1: expected true, got \"tru}\"")
        #expect(error(Array("{\"a\":-}".utf8))?.description == "jls: line 1: malformed number \"-}\"")
        #expect(error(Array("{} x".utf8))?.description == "jls: line 1: unexpected text after the JSON document: \"x\"")
        #expect(error(Array("[1 2]".utf8))?.description == "jls: line 1: expected ',' or ']' in an array, got \"2]\"")
        let deep = Array(repeating: UInt8(ascii: "["), count: 10_000)
        #expect(error(deep)?.description == "jls: line 1: nesting deeper than 64 levels")
    }

    @Test func fuzzedDocumentsNeverCrash() throws {
        let seeds = [try FreeBSDFixtures.bytes("jls.json"), try FreeBSDFixtures.bytes("netstat-vnet1.json")]
        var read = 0
        for input in FuzzInputs(seeds: seeds, count: 3000, seed: 0x5EED_0002) {
            if (try? LibxoJSONReader.read(input, tool: "jls")) != nil { read += 1 }
        }
        #expect(read > 0)
    }
}
