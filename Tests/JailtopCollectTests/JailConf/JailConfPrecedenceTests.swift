import Testing
@testable import JailtopCollect

/// Which definition wins, per config.c load_config(): wildcards before a jail are defaults, the
/// jail's own parameters come next, wildcards after it override; parameters outside any block all
/// go to one global pseudo-jail placed at the first of them.
@Suite("jail.conf precedence and wildcards")
struct JailConfPrecedenceTests {
    @Test("a `*` block before the jails gives defaults, one after them overrides")
    func wildcardBeforeAndAfter() throws {
        let result = JailConfTestSupport.jails("""
            # defaults: a jail may override them
            * {
                securelevel = 2;
                allow.raw_sockets = 0;
                ip4.addr = 192.0.2.1;
            }
            www {
                securelevel = 3;
                ip4.addr += 192.0.2.80;
            }
            db {
                allow.raw_sockets = 1;
            }
            # policy: applies to every jail, whatever the jail says
            * {
                enforce_statfs = 2;
                securelevel = 1;
            }
            """)
        #expect(result.errors.isEmpty)
        let www = try #require(result.byName["www"])
        #expect(www.params["securelevel"] == ["1"])
        #expect(www.params["ip4.addr"] == ["192.0.2.1", "192.0.2.80"])
        #expect(www.params["allow.raw_sockets"] == ["0"])
        #expect(www.params["enforce_statfs"] == ["2"])
        let db = try #require(result.byName["db"])
        #expect(db.params["allow.raw_sockets"] == ["1"])
        #expect(db.params["securelevel"] == ["1"])
        #expect(result.byName["*"] == nil)
    }

    @Test("global parameters after a jail still act as defaults when a global came first")
    func singleGlobalPseudoJail() {
        let result = JailConfTestSupport.jails("""
            securelevel = 2;
            www { securelevel = 3; }
            securelevel = 1;
            exec.clean;
            """)
        #expect(result.byName["www"]?.params["securelevel"] == ["3"])
        #expect(result.byName["www"]?.params["exec.clean"] == ["true"])
    }

    @Test("when the first global parameter follows a jail, the globals override that jail")
    func globalsAfterTheFirstJail() {
        let result = JailConfTestSupport.jails("""
            www { securelevel = 3; }
            securelevel = 1;
            db { securelevel = 3; }
            """)
        #expect(result.byName["www"]?.params["securelevel"] == ["1"])
        #expect(result.byName["db"]?.params["securelevel"] == ["3"])
    }

    @Test("`a.*` applies to a.b and a.b.c but not a; nested blocks are matched too")
    func hierarchicalWildcard() throws {
        let result = JailConfTestSupport.jails("""
            "a.*" {
                persist;
                host.hostname = "${name}.a.example.org";
            }
            a {
                path = /jails/a;
                children.max = 10;
                d { path = /jails/a/jails/d; }
            }
            a.b { path = "/jails/a/jails/b"; nopersist; }
            a.b.c { path = "/jails/a/jails/b/jails/c"; }
            """)
        #expect(result.errors.isEmpty)
        let a = try #require(result.byName["a"])
        #expect(!a.persist && a.hostname == nil)
        #expect(a.params["children.max"] == ["10"])
        #expect(result.byName["a.d"]?.hostname == "a.d.a.example.org")
        #expect(result.byName["a.d"]?.persist == true)
        #expect(result.byName["a.b"]?.persist == false)
        #expect(result.byName["a.b"]?.hostname == "a.b.a.example.org")
        #expect(result.byName["a.b.c"]?.persist == true)
        #expect(result.byName["a.b.c"]?.hostname == "a.b.c.a.example.org")
    }

    @Test("a nested `*` block is the wildcard for that jail's children")
    func nestedWildcard() {
        let result = JailConfTestSupport.jails("""
            a {
                * { securelevel = 3; }
                b { }
            }
            c { }
            """)
        #expect(result.byName["a.b"]?.params["securelevel"] == ["3"])
        #expect(result.byName["c"]?.params["securelevel"] == nil)
        #expect(result.byName["a"]?.params["securelevel"] == nil)
    }

    @Test("an unquoted `a.* {` is a syntax error in jail(8): the error says to quote it")
    func unquotedWildcardName() {
        #expect(JailConfTestSupport.errors("a.* { persist; }") == [
            "/etc/jail.conf:1: unexpected \"*\" right after \"a.\" (quote a wildcard name: \"a.*\")",
        ])
    }

    @Test("wildcard matching and naming, as config.c")
    func wildcardFunctions() {
        #expect(JailConfWildcard.isWildcard("*"))
        #expect(JailConfWildcard.isWildcard("foo.*"))
        #expect(JailConfWildcard.isWildcard("*.bar"))
        #expect(!JailConfWildcard.isWildcard("foo*"))
        #expect(JailConfWildcard.matches(jailName: "foo.bar.baz", pattern: "foo.*"))
        #expect(!JailConfWildcard.matches(jailName: "foo", pattern: "foo.*"))
        #expect(JailConfWildcard.matches(jailName: "x.bar", pattern: "*.bar"))
        #expect(!JailConfWildcard.matches(jailName: "x.y.bar", pattern: "*.bar"))
        #expect(JailConfWildcard.matches(jailName: "anything", pattern: "*"))
    }

    @Test("`no` prefixes compare equal after the last matching dot, as equalopts()")
    func equalopts() {
        #expect(JailConfParamName.equal("persist", "nopersist"))
        #expect(JailConfParamName.equal("allow.mount", "allow.nomount"))
        #expect(JailConfParamName.equal("allow.mount.nozfs", "allow.mount.zfs"))
        #expect(!JailConfParamName.equal("allow.mount", "noallow.mount.zfs"))
        #expect(!JailConfParamName.equal("allow.mount", "allow.mount.zfs"))
        #expect(JailConfParamName.positiveName("allow.nomount") == "allow.mount")
    }
}
