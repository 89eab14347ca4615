import Testing
@testable import JailtopCollect

/// Examples A, B and C of freebsd-interfaces.md §5, read verbatim from fixture files.
@Suite("jail.conf reference examples")
struct JailConfExamplesTests {
    @Test("Example A: host defaults apply to both IP-alias jails")
    func exampleA() throws {
        let loaded = JailConfCatalog.loadFile("/etc/jail.conf", root: JailConfTestSupport.root("exampleA"))
        #expect(loaded.errors.isEmpty)
        #expect(loaded.jails.map(\.name) == ["www", "db", "vnet1"])
        let www = try #require(loaded.jails.first { $0.name == "www" })
        #expect(www.params == [
            "name": ["www"],
            "exec.start": ["/bin/sh /etc/rc"],
            "exec.stop": ["/bin/sh /etc/rc.shutdown jail"],
            "exec.clean": ["true"],
            "mount.devfs": ["true"],
            "exec.consolelog": ["/var/log/jail_console_www.log"],
            "path": ["/usr/local/jails/www"],
            "host.hostname": ["www.example.org"],
            "ip4.addr": ["em0|192.168.1.10/24", "em0|192.168.1.11/24"],
            "ip6.addr": ["em0|2001:db8::10/64"],
        ])
        #expect(www.ip4 == ["192.168.1.10", "192.168.1.11"])
        #expect(www.ip6 == ["2001:db8::10"])
        #expect(www.path == "/usr/local/jails/www")
        #expect(www.hostname == "www.example.org")
        #expect(www.file == "/etc/jail.conf" && www.line == 10)
        #expect(!www.vnet && !www.persist)

        let db = try #require(loaded.jails.first { $0.name == "db" })
        #expect(db.params["ip4.addr"] == ["lo1|127.0.1.2"])
        #expect(db.ip4 == ["127.0.1.2"])
        #expect(db.params["allow.sysvipc"] == ["true"])
        #expect(db.params["sysvshm"] == ["new"])
        #expect(db.params["depend"] == ["www"])
        #expect(db.params["exec.consolelog"] == ["/var/log/jail_console_db.log"])
        #expect(db.line == 16)

        // The included VNET jail gets jail.conf's globals in this view (its own values win).
        let vnet1 = try #require(loaded.jails.first { $0.name == "vnet1" })
        #expect(vnet1.file == "/etc/jail.conf.d/vnet1.conf")
        #expect(vnet1.configFile == "/etc/jail.conf")
        #expect(vnet1.params["exec.consolelog"] == ["/var/log/jail_console_vnet1.log"])
        #expect(vnet1.path == "/usr/local/jails/vnet1")
        #expect(vnet1.execStart.count == 3)
    }

    @Test("Example B: VNET jail with += lists and ${id} variables, expanded exactly")
    func exampleB() throws {
        let loaded = JailConfCatalog.load(root: JailConfTestSupport.root("exampleB"))
        #expect(loaded.errors.isEmpty)
        let jail = try #require(loaded.jails.first)
        #expect(loaded.jails.count == 1)
        #expect(jail.name == "vnet1")
        #expect(jail.params == [
            "name": ["vnet1"],
            "path": ["/usr/local/jails/vnet1"],
            "host.hostname": ["vnet1.example.org"],
            "vnet": ["true"],
            "vnet.interface": ["epair10b"],
            "exec.prestart": [
                "/sbin/ifconfig epair10 create up",
                "/sbin/ifconfig epair10a up descr jail:vnet1",
                "/sbin/ifconfig bridge0 addm epair10a up",
            ],
            "exec.start": [
                "/sbin/ifconfig epair10b 10.0.0.10/24 up",
                "/sbin/route add default 10.0.0.1",
                "/bin/sh /etc/rc",
            ],
            "exec.stop": ["/bin/sh /etc/rc.shutdown jail"],
            "exec.poststop": [
                "/sbin/ifconfig bridge0 deletem epair10a",
                "/sbin/ifconfig epair10a destroy",
            ],
            "exec.clean": ["true"],
            "mount.devfs": ["true"],
            "devfs_ruleset": ["5"],
        ])
        #expect(jail.vnet)
        #expect(jail.vnetInterfaces == ["epair10b"])
        #expect(jail.ip4.isEmpty)
        #expect(jail.file == "/etc/jail.conf.d/vnet1.conf")
        #expect(jail.configFile == "/etc/jail.conf.d/vnet1.conf")
        #expect(jail.line == 1)
    }

    @Test("Example C: persistent jail without processes")
    func exampleC() throws {
        let loaded = JailConfCatalog.load(root: JailConfTestSupport.root("exampleC"))
        #expect(loaded.errors.isEmpty)
        let build = try #require(loaded.jails.first)
        #expect(build.params == [
            "name": ["build"],
            "path": ["/"],
            "exec.start": [""],
            "exec.stop": [""],
            "mount.devfs": ["false"],
            "persist": ["true"],
            "ip4": ["inherit"],
        ])
        #expect(build.persist)
        #expect(build.execStart == [""])
    }

    @Test("The catalog takes vnet1 from its own file, as rc.d would, not from jail.conf's include")
    func exampleAThroughTheCatalog() throws {
        let loaded = JailConfCatalog.load(root: JailConfTestSupport.root("exampleA"))
        #expect(loaded.errors.isEmpty)
        #expect(loaded.jails.map(\.name) == ["www", "db", "vnet1"])
        let vnet1 = try #require(loaded.jails.first { $0.name == "vnet1" })
        #expect(vnet1.configFile == "/etc/jail.conf.d/vnet1.conf")
        #expect(vnet1.params["exec.consolelog"] == nil)
        #expect(loaded.jails.first { $0.name == "www" }?.configFile == "/etc/jail.conf")
    }
}
