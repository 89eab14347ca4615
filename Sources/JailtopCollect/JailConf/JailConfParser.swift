/// Parses one jail.conf(5) file with the grammar of jail(8)'s jailparse.y (FreeBSD 14/15):
///
///     conf   : (jail | param ';' | ';')*
///     jail   : STR '{' conf '}'                      -- blocks nest: a { b { } } defines a.b
///     param  : name | name '=' value | name '+=' value | name value
///     name   : STR | VAR                             -- VAR ($x) defines a variable
///     value  : string (',' string)*
///     string : (STR | VAR) (STR1 | VAR1)*             -- adjacent pieces glue into one value
///
/// `.include "file";` (the `name value` form) becomes an include statement. The first error stops the
/// parse: jail(8) refuses a file with any syntax error, so nothing after it would be used anyway.
struct JailConfParser {
    /// Why a limit: yacc's stack is bounded too, and a deeply nested file must not exhaust ours.
    static let maximumNesting = 64

    private var lexer: JailConfLexer
    private var lookahead: JailConfToken?
    private let file: String
    /// End line of the last value piece read, where a missing `;` is reported.
    private var lastValueLine = 1

    private init(bytes: [UInt8], file: String) {
        self.lexer = JailConfLexer(bytes: bytes, file: file)
        self.file = file
    }

    static func parse(bytes: [UInt8], file: String) -> Result<[JailConfStatement], JailConfError> {
        var parser = JailConfParser(bytes: bytes, file: file)
        do throws(JailConfError) {
            return .success(try parser.parseBody(enclosing: nil, depth: 0))
        } catch {
            return .failure(error)
        }
    }

    // MARK: - Grammar

    private mutating func parseBody(
        enclosing: (name: String, line: Int)?, depth: Int
    ) throws(JailConfError) -> [JailConfStatement] {
        var statements: [JailConfStatement] = []
        while true {
            let token = try peek()
            switch token.kind {
            case .end:
                if let enclosing {
                    throw failure(enclosing.line, "missing '}' to close jail \"\(enclosing.name)\"")
                }
                return statements
            case .punctuation(Punctuation.closeBrace):
                guard enclosing != nil else { throw failure(token.line, "unexpected '}'") }
                return statements
            case .punctuation(Punctuation.semicolon):
                _ = try take()
            case .string:
                _ = try take()
                if try peek().kind == .punctuation(Punctuation.openBrace) {
                    _ = try take()
                    guard depth < Self.maximumNesting else {
                        throw failure(token.line, "jail definitions nested too deeply")
                    }
                    let name = Self.string(token.text)
                    let body = try parseBody(enclosing: (name, token.line), depth: depth + 1)
                    _ = try take()  // the '}' that ended the body
                    statements.append(.jail(JailConfBlock(name: name, line: token.line, body: body)))
                } else {
                    statements.append(try parseParameter(nameToken: token))
                }
            case .variable:
                _ = try take()
                statements.append(try parseParameter(nameToken: token))
            default:
                throw failure(token.line, "unexpected \(token.display)")
            }
        }
    }

    private mutating func parseParameter(nameToken: JailConfToken) throws(JailConfError) -> JailConfStatement {
        let name = Self.string(nameToken.text)
        let isVariable = nameToken.kind == .variable
        let next = try peek()
        let form: JailConfParameter.Form
        var values: [JailConfValue] = []
        switch next.kind {
        case .punctuation(Punctuation.semicolon):
            _ = try take()
            form = .bare
        case .punctuation(Punctuation.equals), .appendAssign:
            let operation = try take()
            form = operation.kind == .appendAssign ? .append : .assign
            values = try parseValues(after: operation.display, line: operation.line)
            try expectSemicolon()
        case .string, .variable:
            form = .nameValue
            values = try parseValues(after: "\"\(name)\"", line: nameToken.line)
            try expectSemicolon()
        case .continuedString, .continuedVariable:
            // Why `foo.* {` fails in jail(8): `*` is a word of its own, so the name is "foo." glued to "*",
            // which the grammar does not accept as a name. Quoting ("foo.*") makes it one word.
            let hint = next.text == [UInt8(ascii: "*")] ? " (quote a wildcard name: \"\(name)*\")" : ""
            throw failure(next.line, "unexpected \(next.display) right after \"\(name)\"\(hint)")
        case .other:
            throw failure(next.line, "unexpected \(next.display) after \"\(name)\"")
        default:
            throw failure(nameToken.endLine, "expected ';' after \"\(name)\"")
        }
        if form == .nameValue && !isVariable && name == ".include" {
            if values.contains(where: { !$0.variables.isEmpty }) {
                throw failure(nameToken.line, "variables not permitted in '.include' filename")
            }
            return .include(JailConfInclude(patterns: values.map(\.string), line: nameToken.line))
        }
        return .parameter(JailConfParameter(
            name: name, isVariable: isVariable, form: form, values: values, file: file, line: nameToken.line))
    }

    private mutating func parseValues(after description: String, line: Int) throws(JailConfError) -> [JailConfValue] {
        var values = [try parseString(after: description, line: line)]
        while try peek().kind == .punctuation(Punctuation.comma) {
            let comma = try take()
            values.append(try parseString(after: "','", line: comma.line))
        }
        return values
    }

    private mutating func parseString(after description: String, line: Int) throws(JailConfError) -> JailConfValue {
        let first = try peek()
        var value = JailConfValue()
        switch first.kind {
        case .string:
            value.text = first.text
        case .variable:
            value.variables.append(.init(name: Self.string(first.text), position: 0))
        default:
            throw failure(line, "expected a value after \(description)")
        }
        _ = try take()
        lastValueLine = first.endLine
        while true {
            let piece = try peek()
            switch piece.kind {
            case .continuedString:
                value.text += piece.text
            case .continuedVariable:
                value.variables.append(.init(name: Self.string(piece.text), position: value.text.count))
            default:
                return value
            }
            _ = try take()
            lastValueLine = piece.endLine
        }
    }

    private mutating func expectSemicolon() throws(JailConfError) {
        guard try peek().kind == .punctuation(Punctuation.semicolon) else {
            throw failure(lastValueLine, "expected ';' after value")
        }
        _ = try take()
    }

    // MARK: - Tokens

    private mutating func peek() throws(JailConfError) -> JailConfToken {
        if let lookahead { return lookahead }
        let token = try lexer.next()
        lookahead = token
        return token
    }

    private mutating func take() throws(JailConfError) -> JailConfToken {
        let token = try peek()
        lookahead = nil
        return token
    }

    private func failure(_ line: Int, _ message: String) -> JailConfError {
        JailConfError(file: file, line: line, message: message)
    }

    private static func string(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// The punctuation bytes of the grammar.
    private enum Punctuation {
        static let comma = UInt8(ascii: ",")
        static let semicolon = UInt8(ascii: ";")
        static let equals = UInt8(ascii: "=")
        static let openBrace = UInt8(ascii: "{")
        static let closeBrace = UInt8(ascii: "}")
    }
}
