/// Reads rc.conf(5) text as a sequence of simple shell commands made of words, understanding just
/// enough sh(1) for `name=value` lines: blanks, `#` comments, ';' and newlines, '...' and "..." quoting,
/// backslashes and `$name`/`${name}`/`${name:-word}` references. Nothing is ever executed: a word
/// using command substitution (`$(...)`, backquotes) or anything fancier is marked unsafe.
struct RcConfScanner {
    /// A piece of a word: literal bytes or a variable reference to expand later.
    enum Part: Sendable, Equatable {
        case literal([UInt8])
        /// `${name:-word}` (fallback used when unset or empty) or `${name-word}` (only when unset).
        case variable(name: String, fallback: [UInt8]?, fallbackWhenEmpty: Bool)
    }

    /// One word of a command; `assignment` is the variable name when the word is `name=...`.
    struct Word: Sendable, Equatable {
        var assignment: String?
        var parts: [Part] = []
        var unsafe = false
    }

    private let bytes: [UInt8]
    private var index = 0
    /// The line (from 1) where the command `nextCommand` returned last begins.
    private(set) var commandLine = 1
    /// Newlines are counted up to here, lazily: `countedLine` is the line at `countedIndex`.
    private var countedIndex = 0
    private var countedLine = 1

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The line of the byte at `position`, which never goes backwards between calls.
    private mutating func line(at position: Int) -> Int {
        while countedIndex < position {
            if bytes[countedIndex] == Self.newline { countedLine += 1 }
            countedIndex += 1
        }
        return countedLine
    }

    /// The next simple command, or nil at the end of the text.
    mutating func nextCommand() -> [Word]? {
        guard index < bytes.count else { return nil }
        var words: [Word] = []
        while index < bytes.count {
            let byte = bytes[index]
            if byte == Self.space || byte == Self.tab {
                index += 1
            } else if byte == Self.backslash, index + 1 < bytes.count, bytes[index + 1] == Self.newline {
                index += 2
            } else if byte == Self.newline || byte == UInt8(ascii: ";") || byte == UInt8(ascii: "&")
                        || byte == UInt8(ascii: "|") {
                index += 1
                break
            } else if byte == UInt8(ascii: "#") {
                while index < bytes.count, bytes[index] != Self.newline { index += 1 }
            } else if Self.isOperator(byte) {
                if words.isEmpty { commandLine = line(at: index) }
                index += 1
                words.append(Word(assignment: nil, parts: [], unsafe: true))
            } else {
                if words.isEmpty { commandLine = line(at: index) }
                words.append(readWord())
            }
        }
        return words
    }

    private mutating func readWord() -> Word {
        var word = Word()
        if Self.isNameStart(bytes[index]) {
            var end = index + 1
            while end < bytes.count, Self.isNameStart(bytes[end]) || Self.isDigit(bytes[end]) { end += 1 }
            if end < bytes.count, bytes[end] == UInt8(ascii: "=") {
                word.assignment = String(decoding: bytes[index..<end], as: UTF8.self)
                index = end + 1
            }
        }
        var literal: [UInt8] = []
        func flush() {
            if !literal.isEmpty {
                word.parts.append(.literal(literal))
                literal = []
            }
        }
        while index < bytes.count {
            let byte = bytes[index]
            if Self.isBlankOrSeparator(byte) || Self.isOperator(byte) { break }
            switch byte {
            case Self.backslash:
                if index + 1 < bytes.count {
                    if bytes[index + 1] != Self.newline { literal.append(bytes[index + 1]) }
                    index += 2
                } else {
                    literal.append(byte)
                    index += 1
                }
            case UInt8(ascii: "'"):
                index += 1
                while index < bytes.count, bytes[index] != UInt8(ascii: "'") {
                    literal.append(bytes[index])
                    index += 1
                }
                if index < bytes.count { index += 1 } else { word.unsafe = true }
            case UInt8(ascii: "\""):
                index += 1
                var closed = false
                while index < bytes.count {
                    let inner = bytes[index]
                    if inner == UInt8(ascii: "\"") {
                        index += 1
                        closed = true
                        break
                    }
                    if inner == Self.backslash, index + 1 < bytes.count {
                        let escaped = bytes[index + 1]
                        if escaped == Self.newline {
                            index += 2
                        } else if Array("$`\"\\".utf8).contains(escaped) {
                            literal.append(escaped)
                            index += 2
                        } else {
                            literal.append(inner)
                            index += 1
                        }
                    } else if inner == Self.dollar {
                        flush()
                        if let part = readDollar() { word.parts.append(part) } else { word.unsafe = true }
                    } else {
                        if inner == UInt8(ascii: "`") { word.unsafe = true }
                        literal.append(inner)
                        index += 1
                    }
                }
                if !closed { word.unsafe = true }
            case Self.dollar:
                flush()
                if let part = readDollar() { word.parts.append(part) } else { word.unsafe = true }
            default:
                if byte == UInt8(ascii: "`") { word.unsafe = true }
                literal.append(byte)
                index += 1
            }
        }
        flush()
        return word
    }

    /// At a `$`: a reference, a literal `$`, or nil for anything this reader will not evaluate.
    private mutating func readDollar() -> Part? {
        guard index + 1 < bytes.count else {
            index += 1
            return .literal([Self.dollar])
        }
        let next = bytes[index + 1]
        if Self.isNameStart(next) {
            var end = index + 2
            while end < bytes.count, Self.isNameStart(bytes[end]) || Self.isDigit(bytes[end]) { end += 1 }
            let name = String(decoding: bytes[(index + 1)..<end], as: UTF8.self)
            index = end
            return .variable(name: name, fallback: nil, fallbackWhenEmpty: false)
        }
        if next == UInt8(ascii: "{") {
            guard let close = bytes[(index + 2)...].firstIndex(of: UInt8(ascii: "}")) else {
                index = bytes.count
                return nil
            }
            let content = Array(bytes[(index + 2)..<close])
            index = close + 1
            var nameEnd = 0
            while nameEnd < content.count,
                  Self.isNameStart(content[nameEnd]) || (nameEnd > 0 && Self.isDigit(content[nameEnd])) {
                nameEnd += 1
            }
            guard nameEnd > 0 else { return nil }
            let name = String(decoding: content[..<nameEnd], as: UTF8.self)
            let rest = content[nameEnd...]
            if rest.isEmpty { return .variable(name: name, fallback: nil, fallbackWhenEmpty: false) }
            if rest.starts(with: Array(":-".utf8)) {
                let fallback = Array(rest.dropFirst(2))
                return fallback.contains(where: Self.isExpansionByte) ? nil
                    : .variable(name: name, fallback: fallback, fallbackWhenEmpty: true)
            }
            if rest.first == UInt8(ascii: "-") {
                let fallback = Array(rest.dropFirst())
                return fallback.contains(where: Self.isExpansionByte) ? nil
                    : .variable(name: name, fallback: fallback, fallbackWhenEmpty: false)
            }
            return nil
        }
        if Self.isDigit(next) || Array("@*#?-$!(".utf8).contains(next) {
            // Positional/special parameters and $(...) cannot be known without running a shell.
            index += next == UInt8(ascii: "(") ? 1 : 2
            return nil
        }
        index += 1
        return .literal([Self.dollar])
    }

    private static let space = UInt8(ascii: " ")
    private static let tab = UInt8(ascii: "\t")
    private static let newline = UInt8(ascii: "\n")
    private static let backslash = UInt8(ascii: "\\")
    private static let dollar = UInt8(ascii: "$")

    private static func isBlankOrSeparator(_ byte: UInt8) -> Bool {
        byte == space || byte == tab || byte == newline || byte == UInt8(ascii: ";") || byte == UInt8(ascii: "&")
            || byte == UInt8(ascii: "|")
    }

    private static func isOperator(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "(") || byte == UInt8(ascii: ")") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
    }

    private static func isExpansionByte(_ byte: UInt8) -> Bool {
        byte == dollar || byte == UInt8(ascii: "`") || byte == backslash || byte == UInt8(ascii: "\"")
            || byte == UInt8(ascii: "'")
    }

    private static func isNameStart(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || byte == UInt8(ascii: "_")
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
