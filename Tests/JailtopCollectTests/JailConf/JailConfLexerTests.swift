import Testing
@testable import JailtopCollect

/// The scanner against jaillex.l's rules: longest match, glued pieces, escapes, comments.
@Suite("jail.conf scanner")
struct JailConfLexerTests {
    typealias Kind = JailConfToken.Kind

    private func tokens(_ text: String) throws -> [String] {
        try JailConfTestSupport.tokens(text).get().map { kind, text in
            switch kind {
            case .string: return "S(\(text))"
            case .continuedString: return "S1(\(text))"
            case .variable: return "V(\(text))"
            case .continuedVariable: return "V1(\(text))"
            case .appendAssign: return "+="
            case .punctuation(let byte): return String(Character(Unicode.Scalar(byte)))
            case .other(let byte): return "?\(byte)"
            case .end: return "EOF"
            }
        }
    }

    @Test("a double-quoted string is split at each variable and glued back by the grammar")
    func doubleQuotedVariables() throws {
        #expect(try tokens(#"vnet.interface = "epair${id}b";"#)
            == ["S(vnet.interface)", "=", "S(epair)", "V1(id)", "S1(b)", ";"])
        #expect(try tokens(#"p = "${a}$b-c";"#) == ["S(p)", "=", "S()", "V1(a)", "V1(b)", "S1(-c)", ";"])
        #expect(try tokens(#"p = "cost $5 $";"#) == ["S(p)", "=", "S(cost )", "S1($)", "S1(5 )", "S1($)", ";"])
    }

    @Test("single quotes keep $ literally, escapes still apply")
    func singleQuotes() throws {
        #expect(try tokens(#"p = 'a $name \x41';"#) == ["S(p)", "=", "S(a $name A)", ";"])
    }

    @Test("`*` is a word of its own, so foo.* is two glued pieces")
    func starSplitsWords() throws {
        #expect(try tokens("foo.* {") == ["S(foo.)", "S1(*)", "{"])
        #expect(try tokens(#""foo.*" {"#) == ["S(foo.*)", "{"])
        #expect(try tokens("* {") == ["S(*)", "{"])
    }

    @Test("`+=` beats `+`, and a lone `+` is a word")
    func plusEquals() throws {
        #expect(try tokens("a+=b;") == ["S(a)", "+=", "S(b)", ";"])
        #expect(try tokens("a = b+c;") == ["S(a)", "=", "S(b)", "S1(+)", "S1(c)", ";"])
    }

    @Test("all three comment styles are blanks; `//` even inside a bare word")
    func comments() throws {
        #expect(try tokens("a /* x\n y */ = # z\n b // w\n;") == ["S(a)", "=", "S(b)", ";"])
        #expect(try tokens("p = /srv//gone;\n;") == ["S(p)", "=", "S(/)", "S1(srv)", ";"])
        #expect(try tokens("a/**/b") == ["S(a)", "S(b)"])
    }

    @Test("C escapes, octal, hex, backslash-newline and NUL truncation")
    func escapes() throws {
        #expect(try tokens(#"s = "t\tn\nq\"o\101h\x42z\x7";"#) == ["S(s)", "=", "S(t\tn\nq\"oAhBz\u{7})", ";"])
        #expect(try tokens("s = \"one \\\ntwo\";") == ["S(s)", "=", "S(one two)", ";"])
        #expect(try tokens(#"s = "cut\0here";"#) == ["S(s)", "=", "S(cut)", ";"])
        #expect(try tokens(#"s = a\;b;"#) == ["S(s)", "=", "S(a)", "S1(;)", "S1(b)", ";"])
    }

    @Test("variables: $name, ${dotted.name}, and a lone $")
    func variables() throws {
        #expect(try tokens("p = $name/${host.hostname} $;") == ["S(p)", "=", "V(name)", "S1(/)", "V1(host.hostname)", "S(\u{24})", ";"])
    }

    @Test("bytes outside the bare-word class are tokens the grammar rejects")
    func otherBytes() throws {
        #expect(try tokens("a é") == ["S(a)", "?195", "?169"])
    }

    @Test("unterminated constructs are reported at the line where they start")
    func unterminated() {
        #expect(throws: JailConfError(file: "t.conf", line: 2, message: "unterminated string")) {
            try JailConfTestSupport.tokens("a {\n p = \"x;\n}\n").get()
        }
        #expect(throws: JailConfError(file: "t.conf", line: 3, message: "unterminated comment")) {
            try JailConfTestSupport.tokens("a;\n\n/* never\nclosed").get()
        }
        #expect(throws: JailConfError(file: "t.conf", line: 1, message: "unterminated variable")) {
            try JailConfTestSupport.tokens("p = ${name;\n").get()
        }
    }

    @Test("a quoted string may span lines; line numbers keep counting")
    func multiLineString() throws {
        var lexer = JailConfLexer(bytes: Array("a = \"x\ny\";\nb;".utf8), file: "t")
        var lines: [Int] = []
        while true {
            let token = try lexer.next()
            if token.kind == .end { break }
            lines.append(token.line)
        }
        #expect(lines == [1, 1, 1, 2, 3, 3])
    }
}
