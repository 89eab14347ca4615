import Testing
@testable import JailtopCollect

/// Per-jail variable expansion (config.c load_config's substitution loop).
@Suite("jail.conf variables")
struct JailConfVariableTests {
    @Test("VNET jails whose shared += command lists use each jail's ${id}")
    func sharedVnetCommands() throws {
        let loaded = JailConfCatalog.load(root: JailConfTestSupport.root("vnet-ids"))
        #expect(loaded.errors.isEmpty)
        #expect(loaded.jails.map(\.name) == ["web", "api"])
        let web = try #require(loaded.jails.first)
        #expect(web.params["exec.prestart"] == [
            "/sbin/ifconfig epair21 create up",
            "/sbin/ifconfig epair21a up descr jail:web",
            "/sbin/ifconfig bridge0 addm epair21a up",
        ])
        #expect(web.execStart == [
            "/sbin/ifconfig epair21b 10.0.0.21/24 up",
            "/sbin/route add default 10.0.0.1",
            "/bin/sh /etc/rc",
        ])
        #expect(web.params["exec.poststop"] == [
            "/sbin/ifconfig bridge0 deletem epair21a",
            "/sbin/ifconfig epair21a destroy",
        ])
        #expect(web.vnetInterfaces == ["epair21b"])
        #expect(web.path == "/usr/local/jails/web")
        #expect(web.params["id"] == nil && web.params["bridge"] == nil)
        let api = try #require(loaded.jails.last)
        #expect(api.execStart == [
            "/sbin/ifconfig epair22b 10.0.0.22/24 up",
            "/sbin/route add default 10.0.0.1",
            "/bin/sh /etc/rc",
            "/usr/local/bin/api-warmup --port=8022",
        ])
        #expect(api.vnetInterfaces == ["epair22b"])
        #expect(api.vnet)
    }

    @Test("netgraph jails using jng, one and two links")
    func netgraph() throws {
        let loaded = JailConfCatalog.load(root: JailConfTestSupport.root("netgraph"))
        #expect(loaded.errors.isEmpty)
        let ns1 = try #require(loaded.jails.first { $0.name == "ns1" })
        #expect(ns1.vnet)
        #expect(ns1.vnetInterfaces == ["ng0_ns1"])
        #expect(ns1.params["exec.prestart"] == ["/usr/share/examples/jails/jng bridge ns1 em0"])
        #expect(ns1.params["exec.prestop"] == ["ifconfig ng0_ns1 -vnet ns1"])
        #expect(ns1.params["exec.poststop"] == ["/usr/share/examples/jails/jng shutdown ns1"])
        #expect(ns1.params["exec.consolelog"] == ["/var/log/jail_ns1_console.log"])
        #expect(ns1.params["devfs_ruleset"] == ["11"])
        #expect(ns1.path == "/vm/ns1")
        #expect(ns1.execStart == ["/bin/sh /etc/rc"])
        let ns2 = try #require(loaded.jails.first { $0.name == "ns2" })
        #expect(ns2.vnetInterfaces == ["ng0_ns2", "ng1_ns2"])
        #expect(ns2.params["exec.prestart"] == [
            "/usr/share/examples/jails/jng bridge ns2 em0 em1",
            "/usr/sbin/ngctl msg em1: setpromisc 1",
        ])
        #expect(ns2.params["jng"] == nil)
    }

    @Test("variables may refer to variables, in any order")
    func chains() throws {
        let result = JailConfTestSupport.jails("""
            $root = "/usr/local/jails";
            $dir = "$root/$name";
            path = "$dir/root";
            v {
                exec.start = "echo ${path} on ${host.hostname}";
                host.hostname = v.example;
                $addr = 192.0.2.1;
                ip4.addr = $addr, "${addr}0";
            }
            """)
        #expect(result.errors.isEmpty)
        let v = try #require(result.byName["v"])
        #expect(v.path == "/usr/local/jails/v/root")
        #expect(v.execStart == ["echo /usr/local/jails/v/root on v.example"])
        #expect(v.ip4 == ["192.0.2.1", "192.0.2.10"])
    }

    @Test("a list variable alone in a value expands, but is reported: jail(8) crashes on it")
    func listVariable() throws {
        let result = JailConfTestSupport.jails("""
            v {
                $addrs = 192.0.2.1, 192.0.2.2;
                ip4.addr = $addrs;
            }
            """)
        #expect(result.errors == [
            "/etc/jail.conf:3: v: ip4.addr: list variable \"addrs\" cannot be substituted (jail(8) crashes on it)",
        ])
        #expect(result.byName["v"]?.ip4 == ["192.0.2.1", "192.0.2.2"])
    }

    @Test("unknown variables, loops and inline arrays are reported for the jail, which is kept")
    func failures() throws {
        let result = JailConfTestSupport.jails("""
            bad {
                path = "/jails/${nosuch}";
                $a = "$b";
                $b = "$a";
                exec.start = "x $a";
                $list = one, two;
                exec.stop = "stop $list";
            }
            """)
        #expect(result.errors == [
            "/etc/jail.conf:2: bad: path: variable \"nosuch\" not found",
            "/etc/jail.conf:4: bad: a: variable loop",
            "/etc/jail.conf:7: bad: exec.stop: array cannot be substituted inline",
        ])
        let bad = try #require(result.byName["bad"])
        #expect(bad.path == "/jails/${nosuch}")
    }

    @Test("variables are expanded per jail, so a global path uses each jail's name")
    func perJail() {
        let result = JailConfTestSupport.jails("""
            path = "/j/$name";
            one { }
            two { }
            """)
        #expect(result.byName["one"]?.path == "/j/one")
        #expect(result.byName["two"]?.path == "/j/two")
    }
}
