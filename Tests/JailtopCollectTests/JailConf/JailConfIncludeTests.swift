import Testing
@testable import JailtopCollect

/// `.include` as config.c include_config(): globs, relative names, nesting, loops, broken files.
@Suite("jail.conf includes")
struct JailConfIncludeTests {
    @Test("a relative glob pulls in two files, in order; globals around it still apply")
    func globInclude() throws {
        let loaded = JailConfCatalog.loadFile("/etc/jail.conf", root: JailConfTestSupport.root("include-glob"))
        #expect(loaded.errors.isEmpty)
        #expect(loaded.jails.map(\.name) == ["alpha", "beta"])
        let alpha = try #require(loaded.jails.first)
        #expect(alpha.path == "/usr/local/jails/alpha")
        #expect(alpha.params["exec.clean"] == ["true"])
        #expect(alpha.params["mount.devfs"] == ["true"])
        #expect(alpha.ip4 == ["192.0.2.11"])
        #expect(alpha.file == "/etc/jail.d/alpha.conf" && alpha.line == 1)
        #expect(alpha.configFile == "/etc/jail.conf")
        #expect(loaded.jails.last?.path == "/srv/beta")
    }

    @Test("an include loop is reported once and the jails on the way are kept")
    func includeLoop() {
        let loaded = JailConfCatalog.loadFile("/etc/jail.conf", root: JailConfTestSupport.root("include-loop"))
        #expect(loaded.jails.map(\.name) == ["a", "b", "main"])
        #expect(loaded.errors.map(\.description) == [
            "/etc/loop-b.conf:2: include loop: /etc/loop-a.conf is already being read",
        ])
    }

    @Test("an include inside a block adds to that jail and nests its blocks")
    func includeInsideBlock() throws {
        let loaded = JailConfCatalog.loadFile("/etc/jail.conf", root: JailConfTestSupport.root("include-in-block"))
        #expect(loaded.errors.isEmpty)
        #expect(loaded.jails.map(\.name) == ["web", "web.api"])
        let web = try #require(loaded.jails.first)
        #expect(web.persist && web.hostname == "web.example.org")
        #expect(loaded.jails.last?.file == "/etc/web-extra.conf")
    }

    @Test("a broken included file is skipped; the including file keeps its other jails")
    func brokenInclude() {
        let loaded = JailConfCatalog.loadFile("/etc/jail.conf", root: JailConfTestSupport.root("include-broken"))
        #expect(loaded.jails.map(\.name) == ["ok", "also"])
        #expect(loaded.errors.map(\.description) == ["/etc/broken.conf:1: expected ';' after value"])
    }

    @Test("a missing plain file is an error, a glob matching nothing is not")
    func missingTargets() {
        #expect(JailConfTestSupport.errors(".include \"/etc/none.conf\";\nx { }") == [
            "/etc/jail.conf:1: cannot open included file /etc/none.conf: No such file or directory",
        ])
        #expect(JailConfTestSupport.errors(".include \"/etc/none/*.conf\"; .include \"/etc/jail.x[.]conf\";").isEmpty)
    }

    @Test("glob magic as FreeBSD glob(3) sees it")
    func globMagic() {
        #expect(JailConfFileSystem.hasGlobMagic("/etc/jail.conf.d/*.conf"))
        #expect(JailConfFileSystem.hasGlobMagic("/usr/local/etc/jail[.]conf"))
        #expect(JailConfFileSystem.hasGlobMagic("/etc/jail?.conf"))
        #expect(!JailConfFileSystem.hasGlobMagic("/etc/jail.conf"))
        #expect(!JailConfFileSystem.hasGlobMagic(#"/etc/a\*b"#))
        #expect(!JailConfFileSystem.hasGlobMagic("/etc/[abc"))
    }

    @Test("glob results come back without the root prefix, even if the root has glob characters")
    func globUnderRoot() {
        let files = JailConfFileSystem(root: JailConfTestSupport.root("include-glob") + "/")
        #expect(files.glob("/etc/jail.d/*.conf") == ["/etc/jail.d/alpha.conf", "/etc/jail.d/beta.conf"])
        #expect(JailConfFileSystem.escapeGlob("/tmp/a[1]*") == #"/tmp/a\[1]\*"#)
    }
}
