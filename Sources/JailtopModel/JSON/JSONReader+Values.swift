/// Strings, literals, keys and skipping, for `JSONReader`.
extension JSONReader {
    /// A key as it was found: its bytes in the document when it has no escapes, else decoded.
    enum KeyText {
        case raw(UnsafeBufferPointer<UInt8>)
        case decoded(String)
    }

    /// Reads `"key":` and returns the key without copying it when it has no escapes.
    mutating func readKeyBytes() throws(JSONReadError) -> KeyText {
        let start = index + 1
        let end = try scanString()
        let key: KeyText
        if let end {
            key = .raw(UnsafeBufferPointer(rebasing: bytes[start..<end]))
        } else {
            index = start - 1
            key = .decoded(try readString())
        }
        try expectColon()
        return key
    }

    /// Reads `"key":` as text.
    mutating func readKeyString() throws(JSONReadError) -> String {
        let key = try readString()
        try expectColon()
        return key
    }

    private mutating func expectColon() throws(JSONReadError) {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw syntaxError("expected ':' after a key") }
        index += 1
    }

    /// A string value.
    mutating func string() throws(JSONReadError) -> String {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw try mismatch("a string") }
        return try readString()
    }

    mutating func bool() throws(JSONReadError) -> Bool {
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "t") {
            try literal("true")
            return true
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "f") {
            try literal("false")
            return false
        }
        throw try mismatch("true or false")
    }

    /// Consumes `null` if that is the next value.
    mutating func consumeNull() throws(JSONReadError) -> Bool {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    /// The first byte of the next value, without consuming it.
    mutating func peek() throws(JSONReadError) -> UInt8 {
        skipWhitespace()
        guard index < bytes.count else { throw syntaxError("unexpected end, expected a value") }
        return bytes[index]
    }

    /// Skips one value of any kind, checking its syntax (not its strings' UTF-8: JSONDecoder
    /// did not check text it was not asked for either).
    mutating func skipValue() throws(JSONReadError) {
        switch try peek() {
        case UInt8(ascii: "{"):
            var object = try beginObject()
            _ = try nextField(&object, Self.noKeys)  // no key is known: every value is skipped
        case UInt8(ascii: "["):
            var array = try beginArray()
            while try nextElement(&array) { try skipValue() }
        case UInt8(ascii: "\""):
            if try scanString() == nil { try skipEscapedString() }
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): _ = try scanNumber()
        default: throw syntaxError("expected a value")
        }
    }

    private static let noKeys = JSONKeyTable([])

    private mutating func literal(_ word: StaticString) throws(JSONReadError) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw syntaxError("expected \(word)") }
        let matches = word.withUTF8Buffer { $0.elementsEqual(UnsafeBufferPointer(rebasing: bytes[index..<index + count])) }
        guard matches else { throw syntaxError("expected \(word)") }
        index += count
    }

    // MARK: - Strings

    /// At an opening quote: finds the closing one. Returns where it is (and moves past it) if
    /// the string has no escapes, nil (having moved nowhere useful) if it has. Raw control
    /// bytes are a syntax error, as in JSONDecoder.
    private mutating func scanString() throws(JSONReadError) -> Int? {
        let open = index
        index += 1
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let end = index
                index += 1
                return end
            }
            if byte == UInt8(ascii: "\\") {
                index = open
                return nil
            }
            if byte < 0x20 { throw syntaxError("a raw control byte in a string") }
            index += 1
        }
        throw syntaxError("unterminated string")
    }

    /// At an opening quote: the decoded string, its UTF-8 checked (JSONDecoder refused
    /// invalid UTF-8 as not JSON; so does this).
    mutating func readString() throws(JSONReadError) -> String {
        let start = index + 1
        if let end = try scanString() {
            let text = UnsafeBufferPointer(rebasing: bytes[start..<end])
            return try validated(text, at: start)
        }
        var collected: [UInt8] = []
        try decodeEscapedString(into: &collected)
        return try validated(collected, at: start)
    }

    private func validated(_ utf8: some Collection<UInt8>, at offset: Int) throws(JSONReadError) -> String {
        if !utf8.contains(where: { $0 >= 0x80 }) {
            return String(decoding: utf8, as: UTF8.self)
        }
        guard let text = String(validating: utf8, as: UTF8.self) else {
            throw JSONReadError.notJSON("invalid UTF-8 in a string", at: offset)
        }
        return text
    }

    private mutating func skipEscapedString() throws(JSONReadError) {
        var ignored: [UInt8] = []
        try decodeEscapedString(into: &ignored)
    }

    /// At an opening quote of a string with escapes: decodes it into `out`, past the closing quote.
    private mutating func decodeEscapedString(into out: inout [UInt8]) throws(JSONReadError) {
        index += 1
        var runStart = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                out.append(contentsOf: bytes[runStart..<index])
                index += 1
                return
            }
            if byte < 0x20 { throw syntaxError("a raw control byte in a string") }
            guard byte == UInt8(ascii: "\\") else {
                index += 1
                continue
            }
            out.append(contentsOf: bytes[runStart..<index])
            guard index + 1 < bytes.count else { break }
            let escaped = bytes[index + 1]
            index += 2
            if let plain = JSONSyntax.unescaped(escaped) {
                out.append(plain)
            } else if escaped == UInt8(ascii: "u") {
                try appendUnicodeEscape(to: &out)
            } else {
                index -= 2
                throw syntaxError("unknown escape")
            }
            runStart = index
        }
        throw syntaxError("unterminated string")
    }

    /// After `\u`: one scalar, from a pair when it is a high surrogate. An unpaired
    /// surrogate is not JSON text JSONDecoder accepted.
    private mutating func appendUnicodeEscape(to out: inout [UInt8]) throws(JSONReadError) {
        let high = try hex4()
        var value = high
        if (0xD800...0xDBFF).contains(high) {
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                throw syntaxError("unpaired surrogate")
            }
            index += 2
            let low = try hex4()
            guard (0xDC00...0xDFFF).contains(low) else { throw syntaxError("unpaired surrogate") }
            value = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let scalar = Unicode.Scalar(value) else { throw syntaxError("unpaired surrogate") }
        if let encoded = UTF8.encode(scalar) { out.append(contentsOf: encoded) }
    }

    private mutating func hex4() throws(JSONReadError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw syntaxError("unterminated \\u escape") }
        guard let value = JSONSyntax.hex4(bytes, at: index) else { throw syntaxError("malformed \\u escape") }
        index += 4
        return value
    }
}
