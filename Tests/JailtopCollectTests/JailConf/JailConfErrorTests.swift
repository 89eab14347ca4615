import Testing
@testable import JailtopCollect

/// Malformed files: exact `FILE:LINE: message`, the file skipped as a whole, other files kept.
@Suite("jail.conf errors")
struct JailConfErrorTests {
    @Test("each malformed file gives one exact error and no jail; the good file still loads")
    func malformedFiles() {
        let loaded = JailConfCatalog.load(root: JailConfTestSupport.root("malformed"))
        #expect(loaded.jails.map(\.name) == ["good"])
        #expect(loaded.errors.map(\.description) == [
            "/etc/jail.conf.d/missing-semicolon.conf:4: expected ';' after value",
            "/etc/jail.conf.d/stray-brace.conf:4: unexpected '}'",
            "/etc/jail.conf.d/unterminated-comment.conf:3: unterminated comment",
            "/etc/jail.conf.d/unterminated-string.conf:2: unterminated string",
        ])
        #expect(loaded.errors.first == JailConfError(
            file: "/etc/jail.conf.d/missing-semicolon.conf", line: 4, message: "expected ';' after value"))
    }

    @Test("other syntax errors", arguments: [
        ("www {\n  path = /j;\n", "/etc/jail.conf:1: missing '}' to close jail \"www\""),
        ("www { path = ; }", "/etc/jail.conf:1: expected a value after '='"),
        ("www { ip4.addr = 10.0.0.1, ; }", "/etc/jail.conf:1: expected a value after ','"),
        ("www {\n  persist\n}", "/etc/jail.conf:2: expected ';' after \"persist\""),
        ("www { = 1; }", "/etc/jail.conf:1: unexpected '='"),
        ("www { path = /j; }\n{", "/etc/jail.conf:2: unexpected '{'"),
        ("h\u{e9}te { }", "/etc/jail.conf:1: unexpected character '\\xc3' after \"h\""),
        ("p = a b;", "/etc/jail.conf:1: expected ';' after value"),
        (".include \"/etc/$name.conf\";", "/etc/jail.conf:1: variables not permitted in '.include' filename"),
        ("x { $v = \"${oops\"; }", "/etc/jail.conf:1: unterminated variable"),
        ("x { p = 'multi\nline; }\n", "/etc/jail.conf:1: unterminated string"),
    ])
    func syntaxErrors(text: String, expected: String) {
        #expect(JailConfTestSupport.errors(text) == [expected])
    }

    @Test("a missing ';' is reported on the line of the value, not of the next token")
    func missingSemicolonLine() {
        #expect(JailConfTestSupport.errors("a {\n  path = \"/j\"\n\n\n  persist;\n}") == [
            "/etc/jail.conf:2: expected ';' after value",
        ])
    }

    @Test("a stray '}' at the top level")
    func strayBrace() {
        #expect(JailConfTestSupport.errors("}\n") == ["/etc/jail.conf:1: unexpected '}'"])
    }

    @Test("deep nesting is refused instead of exhausting the stack")
    func deepNesting() {
        let text = String(repeating: "a { ", count: 500) + String(repeating: "} ", count: 500)
        #expect(JailConfTestSupport.errors(text) == ["/etc/jail.conf:1: jail definitions nested too deeply"])
    }

    @Test("errors print as FILE:LINE: message, or FILE: message for a whole file")
    func description() {
        #expect(JailConfError(file: "/etc/jail.conf", line: 12, message: "expected ';' after value").description
            == "/etc/jail.conf:12: expected ';' after value")
        #expect(JailConfError(file: "/etc/jail.conf", line: 0, message: "cannot read: Permission denied").description
            == "/etc/jail.conf: cannot read: Permission denied")
    }
}
