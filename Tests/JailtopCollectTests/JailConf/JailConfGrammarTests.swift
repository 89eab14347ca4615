import Testing
@testable import JailtopCollect

/// Statements, values, booleans, quoting and comments, checked on the resulting jails.
@Suite("jail.conf grammar")
struct JailConfGrammarTests {
    @Test("lists, += and the `param value` form")
    func lists() throws {
        let result = JailConfTestSupport.jails("""
            a {
                ip4.addr = 10.1.1.1, 10.1.1.2, 10.1.1.3;
                ip6.addr = "2001:db8::1";
                ip6.addr += "2001:db8::2", "2001:db8::3";
                securelevel 3;
                ;;
            }
            """)
        #expect(result.errors.isEmpty)
        let jail = try #require(result.byName["a"])
        #expect(jail.params["ip4.addr"] == ["10.1.1.1", "10.1.1.2", "10.1.1.3"])
        #expect(jail.ip6 == ["2001:db8::1", "2001:db8::2", "2001:db8::3"])
        #expect(jail.params["securelevel"] == ["3"])
    }

    @Test("booleans: bare, no-prefixed after the last dot, renamed by a later statement")
    func booleans() throws {
        let result = JailConfTestSupport.jails("""
            b {
                persist;
                nopersist;
                allow.nomount;
                allow.mount.zfs;
                mount.nodevfs = "true";
                allow.set_hostname = 1;
                allow.sysvipc = "false";
                exec.start;
            }
            c { nopersist; persist = 1; }
            """)
        #expect(result.errors.isEmpty)
        let b = try #require(result.byName["b"])
        #expect(b.params["persist"] == ["false"])
        #expect(b.params["nopersist"] == nil)
        #expect(b.params["allow.mount"] == ["false"])
        #expect(b.params["allow.mount.zfs"] == ["true"])
        #expect(b.params["mount.devfs"] == ["false"])
        #expect(b.params["allow.set_hostname"] == ["1"])
        #expect(b.params["allow.sysvipc"] == ["false"])
        #expect(b.params["exec.start"] == [])
        #expect(!b.persist)
        let c = try #require(result.byName["c"])
        #expect(c.params["persist"] == ["1"])
        #expect(c.persist)
    }

    @Test("quoted strings keep ';', braces and comments inside; escapes are decoded")
    func quoting() throws {
        let result = JailConfTestSupport.jails(#"""
            q {
                exec.start = "/bin/echo \"a;b\" {c} # not a comment // nor this";
                exec.stop = 'single $name stays';
                exec.poststart = "tab\there", "back\\slash", "oct\101\x42";
                host.hostname = "con"'cat'enated;
                exec.prestart = "line one \
            continues";
                path = /jails/$name/root;
                exec.consolelog = "/var/log/${name}.log";
                exec.created = "cut\0off";
            }
            """#)
        #expect(result.errors.isEmpty)
        let q = try #require(result.byName["q"])
        #expect(q.params["exec.start"] == [#"/bin/echo "a;b" {c} # not a comment // nor this"#])
        #expect(q.params["exec.stop"] == ["single $name stays"])
        #expect(q.params["exec.poststart"] == ["tab\there", #"back\slash"#, "octAB"])
        #expect(q.params["host.hostname"] == ["concatenated"])
        #expect(q.params["exec.prestart"] == ["line one continues"])
        #expect(q.path == "/jails/q/root")
        #expect(q.params["exec.consolelog"] == ["/var/log/q.log"])
        #expect(q.params["exec.created"] == ["cut"])
    }

    @Test("comments of all three styles wherever blanks may go")
    func commentsEverywhere() throws {
        let result = JailConfTestSupport.jails("""
            /* header */ cm /* before the brace */ { # shell comment
                path /* c */ = /* c */ "/jails/cm" /* c */ ; // c++ comment
                ip4.addr = 10.0.0.1, # between list items
                           10.0.0.2 /* more */ , 10.0.0.3;
                /* a multi-line
                   comment */ persist ;
            } // done
            # trailing
            """)
        #expect(result.errors.isEmpty)
        let cm = try #require(result.byName["cm"])
        #expect(cm.path == "/jails/cm")
        #expect(cm.ip4 == ["10.0.0.1", "10.0.0.2", "10.0.0.3"])
        #expect(cm.persist)
    }

    @Test("`//` inside a bare word starts a comment and swallows the rest of the line")
    func doubleSlashQuirk() throws {
        let result = JailConfTestSupport.jails("x { path = /srv//comment eats the semicolon\n; }")
        #expect(result.errors.isEmpty)
        #expect(result.byName["x"]?.path == "/srv")
    }

    @Test("nested blocks define hierarchical jails; a numeric name also sets jid")
    func nestingAndJid() throws {
        let result = JailConfTestSupport.jails("""
            a {
                path = /jails/a;
                children.max = 2;
                b {
                    path = /jails/a/jails/b;
                    c { path = /jails/a/jails/b/jails/c; }
                }
                persist;
            }
            42 { path = /jails/42; }
            """)
        #expect(result.errors.isEmpty)
        #expect(result.byName.keys.sorted() == ["42", "a", "a.b", "a.b.c"])
        #expect(result.byName["a"]?.persist == true)
        #expect(result.byName["a.b"]?.persist == false)
        #expect(result.byName["a.b.c"]?.path == "/jails/a/jails/b/jails/c")
        #expect(result.byName["a.b"]?.line == 4)
        #expect(result.byName["42"]?.params["jid"] == ["42"])
        #expect(result.byName["42"]?.params["name"] == ["42"])
    }

    @Test("name may not be redefined; a variable may not shadow a parameter")
    func immutableAndShadowing() {
        let result = JailConfTestSupport.jails("""
            www { name = other; }
            db { $path = "/x"; }
            mx { host.hostname = mx; ${host.hostname} = "x"; }
            """)
        #expect(result.errors == [
            "/etc/jail.conf:1: www: cannot redefine parameter \"name\".",
            "/etc/jail.conf:2: db: variable \"$path\" cannot have the same name as a parameter.",
            "/etc/jail.conf:3: mx: variable \"$host.hostname\" cannot have the same name as a parameter.",
        ])
        #expect(result.byName["www"]?.params["name"] == ["www"])
    }
}
