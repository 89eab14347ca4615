/// Splits jail.conf(5) text into tokens with the rules of jail(8)'s flex scanner
/// (usr.sbin/jail/jaillex.l, FreeBSD 14/15): the longest match wins and ties go to the earlier rule.
/// It works on bytes, like flex, and never executes or expands anything.
struct JailConfLexer {
    private let bytes: [UInt8]
    let file: String
    private var position = 0
    private(set) var line = 1
    /// flex start condition DQ: inside a double-quoted string, just after a variable.
    private var inDoubleQuote = false
    /// flex's `instr`: the previous token was a string piece that nothing (no blank, comment or
    /// punctuation) separated from what follows.
    private var inString = false

    init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
    }

    mutating func next() throws(JailConfError) -> JailConfToken {
        while true {
            if inDoubleQuote {
                if let token = try nextInDoubleQuote() { return token }
                continue
            }
            guard position < bytes.count else {
                return JailConfToken(kind: .end, text: [], line: line, endLine: line)
            }
            let start = position
            let current = bytes[start]
            switch current {
            case Byte.space, Byte.tab, Byte.carriageReturn, Byte.newline:
                // The 14.x scanner treats \r as blank too (`[ \t\r\n]+`).
                var end = start
                while end < bytes.count,
                      [Byte.space, Byte.tab, Byte.carriageReturn, Byte.newline].contains(bytes[end]) {
                    end += 1
                }
                advance(to: end)
                inString = false
            case Byte.hash:
                advance(to: endOfLine(from: start))
                inString = false
            case Byte.slash:
                if byte(at: start + 1) == Byte.slash {
                    // Why `path = /a//b;` loses its `;`: `//` starts a comment even inside a bare word.
                    advance(to: endOfLine(from: start))
                    inString = false
                } else if byte(at: start + 1) == Byte.star {
                    guard let close = commentEnd(from: start + 2) else {
                        throw JailConfError(file: file, line: line, message: "unterminated comment")
                    }
                    advance(to: close)
                    inString = false
                } else {
                    return piece(from: start, length: 1)
                }
            case Byte.plus:
                if byte(at: start + 1) == Byte.equals {
                    let tokenLine = line
                    advance(to: start + 2)
                    inString = false
                    return JailConfToken(kind: .appendAssign, text: [], line: tokenLine, endLine: tokenLine)
                }
                return piece(from: start, length: 1)
            case Byte.comma, Byte.semicolon, Byte.equals, Byte.openBrace, Byte.closeBrace:
                let tokenLine = line
                advance(to: start + 1)
                inString = false
                return JailConfToken(kind: .punctuation(current), text: [], line: tokenLine, endLine: tokenLine)
            case Byte.backslash:
                return piece(from: start, length: escapeLength(at: start))
            case Byte.star:
                // `*` is a one-byte word of its own, so `foo.*` is the two pieces "foo." and "*".
                return piece(from: start, length: 1)
            case Byte.dollar:
                return try dollar(at: start, inQuotes: false)
            case Byte.singleQuote, Byte.doubleQuote:
                return try quoted(at: start, quote: current)
            default:
                if Self.isAtom(current) {
                    var end = start
                    while end < bytes.count, Self.isAtom(bytes[end]) { end += 1 }
                    return piece(from: start, length: end - start)
                }
                // flex's `<_>. return yytext[0]`: a lone byte the grammar rejects (e.g. UTF-8 in a bare word).
                let tokenLine = line
                advance(to: start + 1)
                return JailConfToken(kind: .other(current), text: [], line: tokenLine, endLine: tokenLine)
            }
        }
    }

    // MARK: - Rules

    /// Inside a double-quoted string after a variable: the rest of the string, another variable, an
    /// escape, or the closing quote (flex start condition DQ).
    private mutating func nextInDoubleQuote() throws(JailConfError) -> JailConfToken? {
        guard position < bytes.count else {
            inDoubleQuote = false
            return nil
        }
        let start = position
        switch bytes[start] {
        case Byte.doubleQuote:
            advance(to: start + 1)
            inDoubleQuote = false
            return nil
        case Byte.dollar:
            return try dollar(at: start, inQuotes: true)
        case Byte.backslash:
            return piece(from: start, length: escapeLength(at: start))
        default:
            guard let close = closingQuote(after: start, quote: Byte.doubleQuote) else {
                // flex's catch-all `.|\n { BEGIN _; yyless(0); }`; cannot happen after a complete string.
                inDoubleQuote = false
                return nil
            }
            return doubleQuotedPiece(textStart: start, close: close, tokenStart: start)
        }
    }

    /// A quoted string. Single quotes never expand variables; double quotes stop at the first
    /// unescaped `$` and continue in the DQ state (jaillex.l's `yyless(atvar)`).
    private mutating func quoted(at start: Int, quote: UInt8) throws(JailConfError) -> JailConfToken {
        guard let close = closingQuote(after: start, quote: quote) else {
            // Why a missing quote is only caught at the end of the file: a quoted string may span lines,
            // so the next quote in the file closes it.
            throw JailConfError(file: file, line: line, message: "unterminated string")
        }
        if quote == Byte.doubleQuote {
            return doubleQuotedPiece(textStart: start + 1, close: close, tokenStart: start)
        }
        let tokenLine = line
        let text = Self.decode(bytes, from: start + 1, to: close, tokenEnd: close + 1, stopAtVariable: false).text
        advance(to: close + 1)
        return stringToken(text: text, line: tokenLine)
    }

    private mutating func doubleQuotedPiece(textStart: Int, close: Int, tokenStart: Int) -> JailConfToken {
        let tokenLine = line
        let decoded = Self.decode(bytes, from: textStart, to: close, tokenEnd: close + 1, stopAtVariable: true)
        if let variableAt = decoded.variableAt {
            advance(to: variableAt)
            inDoubleQuote = true
        } else {
            advance(to: close + 1)
            inDoubleQuote = false
        }
        return stringToken(text: decoded.text, line: tokenLine)
    }

    /// `$name`, `${name}`, or a lone `$` (which is just a one-byte word).
    private mutating func dollar(at start: Int, inQuotes: Bool) throws(JailConfError) -> JailConfToken {
        let tokenLine = line
        if let next = byte(at: start + 1), Self.isNameStart(next) {
            var end = start + 2
            while end < bytes.count, Self.isNameStart(bytes[end]) || Self.isDigit(bytes[end]) { end += 1 }
            let name = Array(bytes[(start + 1)..<end])
            advance(to: end)
            return variableToken(name: name, line: tokenLine)
        }
        if byte(at: start + 1) == Byte.openBrace {
            let complete = bracedVariableLength(from: start, inQuotes: inQuotes, needsClose: true)
            let partial = bracedVariableLength(from: start, inQuotes: inQuotes, needsClose: false) ?? 2
            guard let complete, complete >= partial else {
                throw JailConfError(file: file, line: tokenLine, message: "unterminated variable")
            }
            let end = start + complete
            let name = Self.decode(bytes, from: start + 2, to: end - 1, tokenEnd: end, stopAtVariable: false).text
            advance(to: end)
            return variableToken(name: name, line: tokenLine)
        }
        return piece(from: start, length: 1)
    }

    /// The longest match of `\$\{([^\n{}]|\\(.|\n))*\}` (needsClose) or of the "unterminated variable"
    /// rule `\$\{([^\n{}]|\\.)*` at `start`; in double quotes `"` is excluded as well. A backslash may be
    /// read either as a plain byte or as the start of an escape, so both paths are followed.
    private func bracedVariableLength(from start: Int, inQuotes: Bool, needsClose: Bool) -> Int? {
        var best: Int? = needsClose ? nil : 2
        var reachablePrevious = false
        var reachable = true
        var index = start + 2
        while index <= bytes.count {
            if reachable {
                if needsClose {
                    if index < bytes.count, bytes[index] == Byte.closeBrace { best = index + 1 - start }
                } else {
                    best = index - start
                }
            }
            guard index < bytes.count else { break }
            let current = bytes[index]
            let plain = reachable && current != Byte.newline && current != Byte.openBrace
                && current != Byte.closeBrace && !(inQuotes && current == Byte.doubleQuote)
            let escaped = reachablePrevious && index > 0 && bytes[index - 1] == Byte.backslash
                && (needsClose || current != Byte.newline)
            reachablePrevious = reachable
            reachable = plain || escaped
            index += 1
            if !reachable && !reachablePrevious { break }
        }
        return best
    }

    // MARK: - Helpers

    /// A bare-word piece (flex's "atomic" rules): STR, or STR1 when glued to the previous piece.
    private mutating func piece(from start: Int, length: Int) -> JailConfToken {
        let tokenLine = line
        let end = start + length
        let text = Self.decode(bytes, from: start, to: end, tokenEnd: end, stopAtVariable: false).text
        advance(to: end)
        return stringToken(text: text, line: tokenLine)
    }

    private mutating func stringToken(text: [UInt8], line tokenLine: Int) -> JailConfToken {
        let kind: JailConfToken.Kind = inString ? .continuedString : .string
        inString = true
        return JailConfToken(kind: kind, text: text, line: tokenLine, endLine: line)
    }

    private mutating func variableToken(name: [UInt8], line tokenLine: Int) -> JailConfToken {
        let kind: JailConfToken.Kind = inString ? .continuedVariable : .variable
        inString = true
        return JailConfToken(kind: kind, text: Self.cString(name), line: tokenLine, endLine: line)
    }

    /// Length of the escape rule `\\(.|\n|[0-7]{1,3}|x[0-9A-Fa-f]{1,2})`, or 1 for a backslash at the very end.
    private func escapeLength(at start: Int) -> Int {
        guard let next = byte(at: start + 1) else { return 1 }
        if Self.isOctal(next) {
            guard let second = byte(at: start + 2), Self.isOctal(second) else { return 2 }
            guard let third = byte(at: start + 3), Self.isOctal(third) else { return 3 }
            return 4
        }
        if next == UInt8(ascii: "x"), let first = byte(at: start + 2), Self.hexValue(first) != nil {
            if let second = byte(at: start + 3), Self.hexValue(second) != nil { return 4 }
            return 3
        }
        return 2
    }

    /// Index of the closing quote, skipping backslash escapes (which may escape a newline).
    private func closingQuote(after start: Int, quote: UInt8) -> Int? {
        var index = start + 1
        while index < bytes.count {
            let current = bytes[index]
            if current == Byte.backslash {
                guard index + 1 < bytes.count else { return nil }
                index += 2
                continue
            }
            if current == quote { return index }
            index += 1
        }
        return nil
    }

    /// Index just past the first `*/` at or after `from`.
    private func commentEnd(from: Int) -> Int? {
        var index = from
        while index + 1 < bytes.count {
            if bytes[index] == Byte.star && bytes[index + 1] == Byte.slash { return index + 2 }
            index += 1
        }
        return nil
    }

    private func endOfLine(from start: Int) -> Int {
        var index = start
        while index < bytes.count, bytes[index] != Byte.newline { index += 1 }
        return index
    }

    private func byte(at index: Int) -> UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    private mutating func advance(to end: Int) {
        let target = min(end, bytes.count)
        var index = position
        while index < target {
            if bytes[index] == Byte.newline { line += 1 }
            index += 1
        }
        position = max(position, target)
    }

    /// jaillex.l text2lval(): copies `bytes[from..<to]` handling C escapes (`\n`, `\t`, octal, `\xHH`,
    /// backslash-newline removed, any other escaped byte kept as is) and, when `stopAtVariable`, stops
    /// at the first unescaped `$`, reporting its offset. `tokenEnd` is the end of the whole match: like
    /// the C code, an escape at the very end reads the next byte of the match (or NUL).
    static func decode(
        _ bytes: [UInt8], from: Int, to end: Int, tokenEnd: Int, stopAtVariable: Bool
    ) -> (text: [UInt8], variableAt: Int?) {
        var output: [UInt8] = []
        var index = from
        while index < end {
            let current = bytes[index]
            if current != Byte.backslash {
                if stopAtVariable && current == Byte.dollar {
                    return (cString(output), index)
                }
                output.append(current)
                index += 1
                continue
            }
            index += 1
            let escaped: UInt8 = index < tokenEnd && index < bytes.count ? bytes[index] : 0
            if isOctal(escaped) {
                var value = Int(escaped - UInt8(ascii: "0"))
                if index + 1 < end, isOctal(bytes[index + 1]) {
                    index += 1
                    value = value * 8 + Int(bytes[index] - UInt8(ascii: "0"))
                    if index + 1 < end, isOctal(bytes[index + 1]) {
                        index += 1
                        value = value * 8 + Int(bytes[index] - UInt8(ascii: "0"))
                    }
                }
                output.append(UInt8(truncatingIfNeeded: value))
                index += 1
                continue
            }
            switch escaped {
            case UInt8(ascii: "a"): output.append(0x07)
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "v"): output.append(0x0B)
            case Byte.newline:
                break  // backslash-newline: the line continues
            case UInt8(ascii: "x"):
                var value = 0
                if index + 1 < end, let high = hexValue(bytes[index + 1]) {
                    index += 1
                    value = high
                    if index + 1 < end, let low = hexValue(bytes[index + 1]) {
                        index += 1
                        value = value * 16 + low
                    }
                }
                output.append(UInt8(truncatingIfNeeded: value))
            default:
                output.append(escaped)
            }
            index += 1
        }
        return (cString(output), nil)
    }

    /// Why NUL cuts a value short: jail(8) keeps strings as C strings (strlen/strcpy), so `"a\0b"` is "a".
    static func cString(_ bytes: [UInt8]) -> [UInt8] {
        guard let nul = bytes.firstIndex(of: 0) else { return bytes }
        return Array(bytes[..<nul])
    }

    /// jaillex.l's bare-word class `[A-Za-z0-9_!%&()\-.:<>?@\[\]^`|~]`.
    static func isAtom(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return Array("_!%&()-.:<>?@[]^`|~".utf8).contains(byte)
        }
    }

    static func isNameStart(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || byte == UInt8(ascii: "_")
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    static func isOctal(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "7")
    }

    static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return Int(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return Int(byte - UInt8(ascii: "A")) + 10
        default: return nil
        }
    }

    /// The ASCII bytes the scanner cares about.
    private enum Byte {
        static let space = UInt8(ascii: " ")
        static let tab = UInt8(ascii: "\t")
        static let carriageReturn = UInt8(ascii: "\r")
        static let newline = UInt8(ascii: "\n")
        static let hash = UInt8(ascii: "#")
        static let slash = UInt8(ascii: "/")
        static let star = UInt8(ascii: "*")
        static let plus = UInt8(ascii: "+")
        static let equals = UInt8(ascii: "=")
        static let comma = UInt8(ascii: ",")
        static let semicolon = UInt8(ascii: ";")
        static let openBrace = UInt8(ascii: "{")
        static let closeBrace = UInt8(ascii: "}")
        static let backslash = UInt8(ascii: "\\")
        static let dollar = UInt8(ascii: "$")
        static let singleQuote = UInt8(ascii: "'")
        static let doubleQuote = UInt8(ascii: "\"")
    }
}
