import JailtopModel

/// A small JSON reader that accepts what libxo 1.4 (FreeBSD 14) really prints, so one hostile
/// name cannot make a whole `jls`/`netstat --libxo json` document unreadable.
///
/// Why not Foundation's `JSONSerialization` or `JSONDecoder`: libxo 1.4 escapes only `\`, `"`,
/// newline and carriage return inside strings (libxo.c, the `XO_STYLE_JSON` case of
/// `xo_format_string_direct`) and writes every other control byte raw. A jail hostname or a
/// process name containing ESC or TAB therefore yields a document a strict decoder rejects
/// (FreeBSD PR 285177). This reader differs from strict JSON in exactly these ways:
/// - raw bytes below 0x20 inside strings are kept as they are (text is sanitized when drawn);
/// - invalid UTF-8 inside strings becomes U+FFFD instead of failing the document;
/// - an unknown escape such as `\x` is kept verbatim;
/// - a repeated object key keeps the last value.
/// Everything else (structure, literals, numbers) is checked, and errors carry the line.
struct LibxoJSONReader {
    /// Deeper nesting than this is refused rather than risking the stack on hostile input.
    static let maximumDepth = 64

    private let bytes: UnsafeBufferPointer<UInt8>
    private let tool: String
    private var index = 0
    private var depth = 0
    /// Keys and values repeat across jails (`allow.raw_sockets`, `"disable"`): made once each.
    private var strings = StringCache()

    private init(bytes: UnsafeBufferPointer<UInt8>, tool: String) {
        self.bytes = bytes
        self.tool = tool
    }

    /// Reads one JSON document (surrounding whitespace allowed); `tool` names the error source.
    static func read(_ input: [UInt8], tool: String) throws(ToolOutputError) -> LibxoJSONValue {
        let result: Result<LibxoJSONValue, ToolOutputError> = input.withUnsafeBufferPointer { buffer in
            var reader = LibxoJSONReader(bytes: buffer, tool: tool)
            do throws(ToolOutputError) {
                reader.skipWhitespace()
                guard reader.index < buffer.count else {
                    throw reader.failure("expected a JSON document, got empty output")
                }
                let value = try reader.readValue()
                reader.skipWhitespace()
                if reader.index < buffer.count {
                    throw reader.failure("unexpected text after the JSON document: \(reader.excerpt())")
                }
                return .success(value)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    // MARK: - Values

    private mutating func readValue() throws(ToolOutputError) -> LibxoJSONValue {
        skipWhitespace()
        guard index < bytes.count else { throw failure("unexpected end of output, expected a value") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try readObject()
        case UInt8(ascii: "["): return try readArray()
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try readNumber()
        default: throw failure("expected a value, got \(excerpt())")
        }
    }

    private mutating func readObject() throws(ToolOutputError) -> LibxoJSONValue {
        try enter()
        index += 1  // "{"
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(LibxoJSONObject())
        }
        var members: [(key: String, value: LibxoJSONValue)] = []
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw failure("expected an object key in quotes, got \(excerpt())")
            }
            let key = try readString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw failure("expected ':' after key \(ToolOutputError.quote(key)), got \(excerpt())")
            }
            index += 1
            members.append((key: key, value: try readValue()))
            skipWhitespace()
            guard index < bytes.count else { throw failure("unexpected end of output inside an object") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "}") {
                index += 1
                depth -= 1
                return .object(LibxoJSONObject(members))
            }
            throw failure("expected ',' or '}' in an object, got \(excerpt())")
        }
    }

    private mutating func readArray() throws(ToolOutputError) -> LibxoJSONValue {
        try enter()
        index += 1  // "["
        var items: [LibxoJSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array(items)
        }
        while true {
            items.append(try readValue())
            skipWhitespace()
            guard index < bytes.count else { throw failure("unexpected end of output inside an array") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "]") {
                index += 1
                depth -= 1
                return .array(items)
            }
            throw failure("expected ',' or ']' in an array, got \(excerpt())")
        }
    }

    private mutating func enter() throws(ToolOutputError) {
        depth += 1
        if depth > Self.maximumDepth {
            throw failure("nesting deeper than \(Self.maximumDepth) levels")
        }
    }

    /// Reads a string literal starting at the opening quote; see the type comment for leniency.
    private mutating func readString() throws(ToolOutputError) -> String {
        let openingQuote = index
        index += 1
        var start = index
        // Fast path: no escapes, the bytes are used directly.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = strings.string(bytes, start..<index)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            index += 1
        }
        var collected: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                collected.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                index += 1
                return String(decoding: collected, as: UTF8.self)
            }
            if byte != UInt8(ascii: "\\") {
                index += 1
                continue
            }
            collected.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
            guard index + 1 < bytes.count else { break }
            let escaped = bytes[index + 1]
            index += 2
            if let plain = JSONSyntax.unescaped(escaped) {
                collected.append(plain)
            } else if escaped == UInt8(ascii: "u") {
                appendUnicodeEscape(to: &collected)
            } else {
                // Not JSON, but keep the text rather than lose the document.
                collected.append(UInt8(ascii: "\\"))
                collected.append(escaped)
            }
            start = index
        }
        index = openingQuote
        throw failure("unterminated string starting with \(excerpt())")
    }

    /// Decodes `XXXX` (and a following `\uXXXX` low surrogate) after `\u`; bad ones become U+FFFD.
    private mutating func appendUnicodeEscape(to collected: inout [UInt8]) {
        guard let high = readHex4() else {
            collected.append(contentsOf: [0xEF, 0xBF, 0xBD])
            return
        }
        var scalarValue = high
        if (0xD800...0xDBFF).contains(high) {
            if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                let saved = index
                index += 2
                if let low = readHex4(), (0xDC00...0xDFFF).contains(low) {
                    scalarValue = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                } else {
                    index = saved
                }
            }
        }
        let scalar = Unicode.Scalar(scalarValue) ?? "\u{FFFD}"
        collected.append(contentsOf: String(Character(scalar)).utf8)
    }

    private mutating func readHex4() -> UInt32? {
        guard let value = JSONSyntax.hex4(bytes, at: index) else { return nil }
        index += 4
        return value
    }

    private mutating func readNumber() throws(ToolOutputError) -> LibxoJSONValue {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        let integerDigits = skipDigits()
        if integerDigits == 0 {
            index = start
            throw failure("malformed number \(excerpt())")
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            if skipDigits() == 0 {
                index = start
                throw failure("malformed number \(excerpt())")
            }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            if skipDigits() == 0 {
                index = start
                throw failure("malformed number \(excerpt())")
            }
        }
        return .number(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
    }

    private mutating func skipDigits() -> Int {
        let start = index
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            index += 1
        }
        return index - start
    }

    private mutating func expectLiteral(_ literal: String) throws(ToolOutputError) {
        var offset = index
        for expected in literal.utf8 {
            guard offset < bytes.count, bytes[offset] == expected else {
                throw failure("expected \(literal), got \(excerpt())")
            }
            offset += 1
        }
        index = offset
    }

    // MARK: - Helpers

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    /// Up to 20 bytes of the output at the current position, quoted, for error messages.
    private func excerpt() -> String {
        guard index < bytes.count else { return "end of output" }
        return ToolOutputError.quote(UnsafeBufferPointer(rebasing: bytes[index..<min(bytes.count, index + 20)]), limit: 20)
    }

    /// An error at the current position, with its 1-based line number.
    private func failure(_ message: String) -> ToolOutputError {
        var line = 1
        for offset in 0..<min(index, bytes.count) where bytes[offset] == 0x0A {
            line += 1
        }
        return ToolOutputError(tool: tool, line: line, message: message)
    }
}
