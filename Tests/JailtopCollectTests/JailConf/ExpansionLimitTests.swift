import Testing
@testable import JailtopCollect

/// Issue 11 (4): variable expansion in jail.conf and rc.conf is capped per value (64 KiB) and per
/// file (16 MiB) and says so, instead of doubling until memory runs out.
@Suite("expansion limits")
struct ExpansionLimitTests {
    /// `$v0 = "ab"; $v1 = "$v0$v0"; …`: `$vN` is 2^(N+1) bytes.
    static func doublingChain(_ levels: Int) -> String {
        var lines = ["$v0 = \"ab\";"]
        for level in 1...levels { lines.append("$v\(level) = \"$v\(level - 1)$v\(level - 1)\";") }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test("the 40-line doubling bomb stops at the value cap, reported once, and the jail is kept")
    func jailConfBomb() throws {
        let result = JailConfTestSupport.jails(Self.doublingChain(40) + "bomb { path = \"/j/$v40\"; }\n")
        // $v15 is exactly 64 KiB; $v16 (line 17) would be 128 KiB.
        #expect(result.errors == ["/etc/jail.conf:17: bomb: v16: value too long after expansion (over 64 KiB)"])
        let bomb = try #require(result.byName["bomb"])
        #expect(bomb.path == "/j/${v40}")
    }

    @Test("a value just under the cap is expanded as before")
    func underTheCap() throws {
        let result = JailConfTestSupport.jails(Self.doublingChain(15) + "big { exec.start = \"$v15\"; }\n")
        #expect(result.errors.isEmpty)
        #expect(result.byName["big"]?.execStart.first?.utf8.count == 64 << 10)
    }

    @Test("many values under the cap stop at the 16 MiB total for the file")
    func jailConfTotal() throws {
        // $v13 is 16 KiB; 1100 copies of it are over 17 MiB.
        let copies = Array(repeating: "\"$v13\"", count: 1100).joined(separator: ", ")
        let result = JailConfTestSupport.jails(Self.doublingChain(13) + "wide { exec.start = \(copies); }\n")
        #expect(result.errors == [
            "/etc/jail.conf:15: wide: exec.start: too much text after expansion (over 16 MiB for the file)",
        ])
        let wide = try #require(result.byName["wide"])
        #expect(wide.execStart.count == 1100)
        #expect(wide.execStart.last == "${v13}")
    }

    @Test("a wildcard copied into many jails counts against the file's total")
    func wildcardCopies() {
        var limits = ExpansionLimits.standard
        limits.maximumTotalLength = 1000
        var loader = JailConfLoader(files: JailConfFileSystem(root: "/nonexistent-jailtop-root"))
        let text = "* { exec.start = \"\(String(repeating: "x", count: 98))\"; }\n"
            + (0..<20).map { "j\($0) { }" }.joined(separator: "\n")
        let view = loader.load(bytes: Array(text.utf8), file: "/etc/jail.conf")
        let evaluated = JailConfEvaluator.evaluate(view, limits: limits)
        #expect(evaluated.count == 20)
        // Each copy costs 100 (the parameter, the value, its 98 bytes): ten fit in 1000, the
        // eleventh jail gets none and says why.
        #expect(evaluated.prefix(10).allSatisfy { $0.errors.isEmpty && $0.jail.execStart.count == 1 })
        #expect(evaluated[10].errors.map(\.description) == [
            "/etc/jail.conf:1: j10: too much text after expansion (over 1000 bytes for the file)",
        ])
        #expect(evaluated[10].jail.params["exec.start"] == nil)
    }

    @Test("rc.conf: the doubling bomb is refused at the cap and the variable keeps its last value")
    func rcConfBomb() {
        var lines = ["a=ab"]
        for _ in 1...40 { lines.append("a=\"$a$a\"") }
        lines.append("jail_enable=YES")
        let rc = RcConf(parsing: lines.joined(separator: "\n"))
        // After line 16 `a` is 64 KiB; each later line would make it 128 KiB. Those refusals are
        // charged to the file's total too.
        #expect(rc.value("a")?.utf8.count == 64 << 10)
        #expect(rc.errors.first?.description == "/etc/rc.conf:17: a: value too long after expansion (over 64 KiB)")
        #expect(rc.errors.count == 25)
        #expect(rc.jailEnable)
    }

    @Test("rc.conf: fallbacks and literals are not capped, variables are, and the total is reported once")
    func rcConfTotal() {
        var rc = RcConf()
        var limits = ExpansionLimits.standard
        limits.maximumValueLength = 10
        limits.maximumTotalLength = 40
        let text = """
            long=\(String(repeating: "a", count: 20))
            b=${unset:-\(String(repeating: "b", count: 20))}
            c=$long
            d=xyz
            e=$d$d$d
            f=$d$d$d
            g=$d$d$d
            h=$d$d$d
            """
        rc.apply(bytes: Array(text.utf8), file: "/etc/rc.conf.local", limits: limits)
        #expect(rc.value("long")?.count == 20 && rc.value("b")?.count == 20)
        #expect(rc.value("c") == nil)
        #expect(rc.value("e") == "xyzxyzxyz" && rc.value("f") == "xyzxyzxyz")
        #expect(rc.value("g") == nil && rc.value("h") == nil)
        #expect(rc.errors.map(\.description) == [
            "/etc/rc.conf.local:3: c: value too long after expansion (over 10 bytes)",
            "/etc/rc.conf.local:7: g: too much text after expansion (over 40 bytes for the file)",
        ])
    }
}
