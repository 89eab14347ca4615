import Testing
@testable import JailtopCollect

/// The host-wide catalog and rc.d/jail's per-jail file lookup.
@Suite("jail.conf catalog")
struct JailConfCatalogTests {
    let root = JailConfTestSupport.root("lookup")

    @Test("each jail comes from the file rc.d would use for it")
    func lookupOrder() throws {
        let loaded = JailConfCatalog.load(root: root)
        #expect(loaded.errors.isEmpty)
        #expect(loaded.jails.map(\.name) == ["www", "db", "mail", "only", "extra"])
        let byName = Dictionary(uniqueKeysWithValues: loaded.jails.map { ($0.name, $0) })
        #expect(byName["www"]?.hostname == "www.from-jail-www-conf")
        #expect(byName["www"]?.configFile == "/etc/jail.www.conf")
        #expect(byName["db"]?.hostname == "db.from-conf-d")
        #expect(byName["db"]?.configFile == "/etc/jail.conf.d/db.conf")
        #expect(byName["mail"]?.hostname == "mail.from-rc-conf-variable")
        #expect(byName["mail"]?.configFile == "/usr/local/etc/mail-jail.conf")
        #expect(byName["only"]?.hostname == "only.from-jail-conf")
        #expect(byName["only"]?.persist == true)
        let extra = try #require(byName["extra"])
        #expect(extra.hostname == "extra.from-conf-d-extra")
        #expect(extra.file == "/etc/jail.conf.d/misc.conf")
        #expect(extra.configFile == "/etc/jail.conf")
        #expect(extra.persist)
    }

    @Test("configFile follows rc.d: jail_<name>_conf or /etc/jail.<name>.conf, conf.d, then jail_conf")
    func configFile() {
        #expect(JailConfCatalog.configFile(forJail: "www", root: root) == "/etc/jail.www.conf")
        #expect(JailConfCatalog.configFile(forJail: "db", root: root) == "/etc/jail.conf.d/db.conf")
        #expect(JailConfCatalog.configFile(forJail: "mail", root: root) == "/usr/local/etc/mail-jail.conf")
        #expect(JailConfCatalog.configFile(forJail: "only", root: root) == "/etc/jail.conf")
        #expect(JailConfCatalog.configFile(forJail: "unknown", root: root) == "/etc/jail.conf")
        #expect(JailConfCatalog.configFile(forJail: "../../x", root: root) == "/etc/jail.conf")
        #expect(JailConfCatalog.configFile(forJail: "www", root: "/nonexistent-jailtop-root") == nil)
    }

    @Test("the candidate list, including rc.conf overrides and name mangling of '/'")
    func candidates() {
        let rc = RcConf(parsing: "jail_conf=/usr/local/etc/jail.conf\njail_a_b_conf=etc/ab.conf\n")
        #expect(JailConfCatalog.lookupOrder(forJail: "www", rc: rc)
            == ["/etc/jail.www.conf", "/etc/jail.conf.d/www.conf", "/usr/local/etc/jail.conf"])
        #expect(JailConfCatalog.lookupOrder(forJail: "a.b", rc: rc)
            == ["/etc/ab.conf", "/etc/jail.conf.d/a.b.conf", "/usr/local/etc/jail.conf"])
        #expect(JailConfCatalog.lookupOrder(forJail: "x/y", rc: RcConf()).first == "/etc/jail.x_y.conf")
    }

    @Test("a host without configuration has no jails and no errors")
    func emptyHost() {
        let loaded = JailConfCatalog.load(root: "/nonexistent-jailtop-root")
        #expect(loaded.jails.isEmpty && loaded.errors.isEmpty)
        #expect(JailConfCatalog.loadFile("/etc/jail.conf", root: "/nonexistent-jailtop-root").errors.map(\.description)
            == ["/etc/jail.conf: cannot read: No such file or directory"])
    }
}
