import Foundation
import JailtopTestSupport
import Testing

@testable import JailtopCollect
@testable import JailtopModel

/// Discovery of the jail managers' jails from their own files (issue 14): every manager's
/// layout as shared/managers.md gives it, read from a copy of the managers stand-in host.
@Suite struct ManagerCatalogTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("CLITests/Fixtures/managers-host")

    /// A private copy of the managers host's files, to change.
    struct Root {
        let url: URL
        var path: String { url.path }

        init() throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("jailtop-managers-\(UUID().uuidString)")
            try FileManager.default.copyItem(at: ManagerCatalogTests.fixture, to: url)
            try FileManager.default.createDirectory(at: url.appendingPathComponent("usr/cbsd/var/db"), withIntermediateDirectories: true)
            try Data("sqlite".utf8).write(to: url.appendingPathComponent("usr/cbsd/var/db/local.sqlite"))
        }

        func write(_ text: String, to path: String) throws {
            let file = url.appendingPathComponent(String(path.dropFirst()))
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: file, atomically: false, encoding: .utf8)
        }

        func remove(_ path: String) throws { try FileManager.default.removeItem(at: url.appendingPathComponent(String(path.dropFirst()))) }
        func cleanUp() { try? FileManager.default.removeItem(at: url) }
    }

    /// What `sqlite3 -header -ascii` prints for the cbsd table of cbsd-local.sql.
    static let cbsdRows: String = {
        let u = "\u{1F}", r = "\u{1E}"
        let header = ["jname", "jid", "path", "host_hostname", "ip4_addr", "astart", "vnet", "ver", "b_order", "emulator", "tags"]
        let rows = [
            ["mail", "6", "jails/mail", "mail.example.org", "10.0.0.60/24", "1", "0", "14.1", "2", "jail", "mx,prod"],
            ["dev", "0", "/usr/cbsd/jails/dev", "dev.example.org", "DHCP", "0", "1", "14.1", "5", "jail", ""],
            ["vm1", "0", "/usr/cbsd/vm/vm1", "vm1", "10.0.0.70", "1", "0", "14.1", "10", "bhyve", ""],
        ]
        return ([header] + rows).map { $0.joined(separator: u) }.joined(separator: r) + r
    }()

    static func runner() -> ScriptedToolRunner {
        ScriptedToolRunner { path, _ throws(ToolRunError) in
            guard path == CbsdDatabase.sqlite3 else { throw .notFound(path: path) }
            return ToolResult(status: 0, stdout: cbsdRows)
        }
    }

    static func byName(_ discovery: ManagerDiscovery) -> [String: ManagedJail] {
        Dictionary(discovery.jails.map { ("\($0.manager.rawValue):\($0.name)", $0) }, uniquingKeysWith: { a, _ in a })
    }

    @Test func everyManagersJailsAreFoundWithWhatTheManagerKeeps() async throws {
        let root = try Root()
        defer { root.cleanUp() }
        var catalog = ManagerCatalog(root: root.path, runner: Self.runner())
        let found = await catalog.refresh()
        #expect(found.problems.isEmpty, "\(found.problems)")
        let jails = Self.byName(found)
        #expect(
            Set(jails.keys) == [
                "bastille:web", "bastille:proxy", "bastille:shared", "iocage:web.1", "iocage:db2", "iocell:legacy", "appjail:shared",
                "pot:cache", "cbsd:mail", "cbsd:dev", "ezjail:web.example.com", "ezjail:old.example.com", "qjail:ns", "qjail:ci",
            ], "the bhyve row of cbsd is no jail")

        let web = try #require(jails["bastille:web"])
        #expect(web.kernelName == "web" && web.path == "/usr/local/bastille/jails/web/root")
        #expect(web.info.boot == true && web.info.priority == 10 && web.info.tags == ["prod", "frontend"])
        #expect(web.info.release == "14.1-RELEASE", "a thin jail's release, from its fstab")
        #expect(web.ip4 == ["10.17.89.10"] && web.info.config == "/usr/local/bastille/jails/web/jail.conf")
        #expect(jails["bastille:proxy"]?.info.release == "14.2-RELEASE-p1", "a thick jail's, from its own bin/freebsd-version")
        #expect(jails["bastille:proxy"]?.info.boot == false)

        let ioc = try #require(jails["iocage:web.1"])
        #expect(ioc.kernelName == "ioc-web_1" && ioc.path == "/zroot/iocage/jails/web.1/root")
        #expect(ioc.info.notes == "customer A" && ioc.info.priority == 20 && ioc.info.boot == true && ioc.vnet)
        #expect(ioc.ip4 == ["10.0.0.21"] && ioc.hostname == "web1.example.org")
        let db2 = try #require(jails["iocage:db2"])
        #expect(db2.info.priority == 99 && db2.info.boot == false && db2.info.notes == nil, "defaults.json fills what config.json leaves out")
        let legacy = try #require(jails["iocell:legacy"])
        #expect(legacy.kernelName == "ioc-8c6e2e53-2b2a-11ef-9a3c-6805ca1b2c3d" && legacy.info.priority == 40)

        let appjail = try #require(jails["appjail:shared"])
        #expect(appjail.path == "/usr/local/appjail/jails/shared/jail" && appjail.hostname == "shared.appjail")
        #expect(appjail.info.boot == true && appjail.info.priority == 5 && appjail.info.tags == ["env=prod"])
        #expect(appjail.info.release == "14.1-RELEASE" && appjail.ip4 == ["10.0.0.80"])

        let pot = try #require(jails["pot:cache"])
        #expect(pot.path == "/opt/pot/jails/cache/m" && pot.hostname == "cache.h1" && pot.vnet && pot.info.boot == true)
        #expect(pot.info.release == "14.1-RELEASE" && pot.ip4 == ["10.192.0.3"])

        let mail = try #require(jails["cbsd:mail"])
        #expect(mail.path == "/usr/cbsd/jails/mail", "a relative path is the workdir's")
        #expect(mail.info.boot == true && mail.info.priority == 2 && mail.info.tags == ["mx", "prod"] && mail.ip4 == ["10.0.0.60"])
        #expect(jails["cbsd:dev"]?.ip4 == [] && jails["cbsd:dev"]?.vnet == true)

        let ez = try #require(jails["ezjail:web.example.com"])
        #expect(ez.kernelName == "web_example_com" && ez.path == "/usr/jails/web.example.com" && ez.info.boot == true)
        #expect(ez.info.release == "13.5-RELEASE-p3" && ez.ip4 == ["192.0.2.70"])
        #expect(jails["ezjail:old.example.com"]?.info.boot == false, ".norun")

        #expect(jails["qjail:ns"]?.path == "/usr/jails/ns" && jails["qjail:ns"]?.info.boot == true)
        #expect(jails["qjail:ci"]?.info.boot == false && jails["qjail:ci"]?.info.tags == ["zone=lab"], ".man, in zone lab")
    }

    /// A counting wrapper: how often the scanner reads a jail.
    final class CountingLayout: ManagerLayout, @unchecked Sendable {
        let inner: any ManagerLayout
        var reads = 0
        init(_ inner: any ManagerLayout) { self.inner = inner }
        var manager: JailManager { inner.manager }
        func locate(_ fs: ManagerFileSystem) -> ManagerLocation { inner.locate(fs) }
        func stampedFiles(of entry: ManagerEntry) -> [String] { inner.stampedFiles(of: entry) }
        func jail(at entry: ManagerEntry, _ fs: ManagerFileSystem) throws(ManagerProblem) -> ManagedJail? {
            reads += 1
            return try inner.jail(at: entry, fs)
        }
    }

    @Test func aQuietRefreshReadsNoJailAndAnEditShowsWithinTheBudget() throws {
        let root = try Root()
        defer { root.cleanUp() }
        let fs = ManagerFileSystem(root: root.path)
        let layout = CountingLayout(BastilleLayout())
        var scanner = ManagerScanner(layout: layout)
        var budget = 1
        #expect(scanner.refresh(fs, budget: &budget).jails.count == 3)
        #expect(layout.reads == 3)
        for _ in 0..<3 {
            budget = 1
            _ = scanner.refresh(fs, budget: &budget)
            #expect(budget == 0, "one jail's files stamped, as the budget allows")
        }
        #expect(layout.reads == 3, "nothing changed: nothing read again")

        // An edit in place (tags appended) shows once the rotation reaches the jail.
        try root.write("prod\nfrontend\nnew\n", to: "/usr/local/bastille/jails/web/tags")
        var tags: [String] = []
        for _ in 0..<3 {
            budget = 1
            tags = scanner.refresh(fs, budget: &budget).jails.first { $0.name == "web" }?.info.tags ?? []
            if tags.count == 3 { break }
        }
        #expect(tags == ["prod", "frontend", "new"])
        #expect(layout.reads == 4, "only the edited jail was read again")

        // A jail made or destroyed shows at once, whatever the budget.
        try root.write("db {\n  path = /usr/local/bastille/jails/db/root;\n}\n", to: "/usr/local/bastille/jails/db/jail.conf")
        budget = 0
        #expect(scanner.refresh(fs, budget: &budget).jails.map(\.name).sorted() == ["db", "proxy", "shared", "web"])
        try root.remove("/usr/local/bastille/jails/proxy")
        budget = 0
        #expect(scanner.refresh(fs, budget: &budget).jails.map(\.name).sorted() == ["db", "shared", "web"])
    }

    @Test func cbsdsDatabaseIsQueriedOnlyWhenItChanges() async throws {
        let root = try Root()
        defer { root.cleanUp() }
        let runner = Self.runner()
        var catalog = ManagerCatalog(root: root.path, runner: runner)
        _ = await catalog.refresh()
        _ = await catalog.refresh()
        #expect(runner.calls.count == 1)
        let call = try #require(runner.calls.first)
        #expect(call.arguments == ["-readonly", "-batch", "-header", "-ascii", "-cmd", ".timeout 2000",
                                   root.path + "/usr/cbsd/var/db/local.sqlite", "SELECT * FROM jails;"])
        try root.write("sqlite, changed", to: "/usr/cbsd/var/db/local.sqlite")
        _ = await catalog.refresh()
        #expect(runner.calls.count == 2)
        // Without sqlite3 the problem says what to install; the jails read before stay.
        var without = ManagerCatalog(root: root.path, runner: ScriptedToolRunner(byPath: [:]))
        let found = await without.refresh()
        #expect(found.problems.contains { $0.contains("cbsd: cannot read /usr/cbsd/var/db/local.sqlite: needs /usr/local/bin/sqlite3") }, "\(found.problems)")
        #expect(found.jails.contains { $0.manager == .bastille }, "other managers are unaffected")
    }

    @Test func unreadableFilesCostOnlyWhatTheyHold() async throws {
        let root = try Root()
        defer { root.cleanUp() }
        // A jail.conf that is a FIFO is refused, never opened; the other Bastille jails stay.
        try root.remove("/usr/local/bastille/jails/proxy/jail.conf")
        #expect(mkfifo(root.path + "/usr/local/bastille/jails/proxy/jail.conf", 0o644) == 0)
        // iocage's jails directory replaced by a file.
        try root.remove("/zroot/iocage/jails/db2")
        var catalog = ManagerCatalog(root: root.path, runner: Self.runner())
        var found = await catalog.refresh()
        #expect(found.problems.contains { $0.hasPrefix("Bastille: cannot read /usr/local/bastille/jails/proxy/jail.conf: ") }, "\(found.problems)")
        #expect(Set(found.jails.filter { $0.manager == .bastille }.map(\.name)) == ["web", "shared"])

        // A directory that cannot be listed (as a non-root user meets Bastille's 0750 prefix).
        try root.remove("/usr/local/appjail/jails")
        try root.write("not a directory", to: "/usr/local/appjail/jails")
        var again = ManagerCatalog(root: root.path, runner: Self.runner())
        found = await again.refresh()
        #expect(found.problems.contains { $0 == "AppJail: cannot read /usr/local/appjail/jails: Not a directory" }, "\(found.problems)")
        #expect(!found.jails.contains { $0.manager == .appjail } && found.jails.contains { $0.manager == .pot })
    }

    @Test(.enabled(if: getuid() != 0, "root reads mode 000 files")) func permissionDeniedIsAProblemNotACrash() async throws {
        let root = try Root()
        defer {
            chmod(root.path + "/usr/local/bastille/jails", 0o755)
            root.cleanUp()
        }
        #expect(chmod(root.path + "/usr/local/bastille/jails", 0o000) == 0)
        var catalog = ManagerCatalog(root: root.path, runner: Self.runner())
        let found = await catalog.refresh()
        #expect(found.problems.contains { $0.contains("Bastille: cannot read /usr/local/bastille/jails: Permission denied") }, "\(found.problems)")
    }

    @Test func ownershipNeedsTheNameAndThePath() {
        let bastille = ManagedJail(manager: .bastille, name: "shared", path: "/usr/local/bastille/jails/shared/root/")
        let appjail = ManagedJail(manager: .appjail, name: "shared", path: "/usr/local/appjail/jails/shared/jail")
        let owners = JailOwnership(managed: [bastille, appjail])
        #expect(owners.owner(ofRunning: "shared", path: "/usr/local/appjail/jails/shared/jail")?.manager == .appjail)
        #expect(owners.owner(ofRunning: "shared", path: "/usr/local/bastille/jails/shared/root")?.manager == .bastille, "a trailing / is the same root")
        #expect(owners.owner(ofRunning: "shared", path: "/elsewhere") == nil, "a same-named jail of nobody's")
        let running = [JlsJail(jid: 3, name: "shared", path: "/usr/local/appjail/jails/shared/jail")]
        #expect(owners.notRunning(running).map(\.manager) == [.bastille])
    }

    /// The quick reader of Bastille's jail.conf agrees with jail(8)'s full grammar on what
    /// Bastille writes, and leaves anything else to it.
    @Test func bastillesJailConfReadQuicklyAsTheFullParserReadsIt() throws {
        for name in ["web", "proxy", "shared"] {
            let path = Self.fixture.appendingPathComponent("usr/local/bastille/jails/\(name)/jail.conf")
            let bytes = Array(try Data(contentsOf: path))
            let quick = try #require(BastilleLayout.simpleJailConf(bytes, file: "/f"))
            let full = try #require(JailConfCatalog.parse(String(decoding: bytes, as: UTF8.self), file: "/f").jails.first)
            #expect(quick.name == full.name && quick.path == full.path && quick.hostname == full.hostname)
            #expect(quick.ip4 == full.ip4 && quick.vnet == full.vnet && quick.params["exec.start"] == full.params["exec.start"])
        }
        let vnet = Array("web {\n  vnet;\n  vnet.interface = e0b_web;\n  path = \"/j/web/root\";\n}\n".utf8)
        #expect(BastilleLayout.simpleJailConf(vnet, file: "/f")?.vnet == true)
        for other in [
            "web {\n  exec.prestart += \"ifconfig epair0 create\";\n}\n", "web {\n  path = $root/web;\n}\n",
            "web {\n  path = \"/a b\\\"c\";\n}\n", "web {\n}\nother {\n}\n", ".include \"/etc/x.conf\";\nweb {\n}\n", "web {\n  path = /x;\n",
        ] {
            #expect(BastilleLayout.simpleJailConf(Array(other.utf8), file: "/f") == nil, "\(other)")
        }
    }

    @Test func aRootReachedThroughASymlinkIsComparedAsTheKernelKeepsIt() async throws {
        let root = try Root()
        defer { root.cleanUp() }
        // /usr/local/bastille/jails/web/root -> /data/web, as a jails directory on another disk.
        try FileManager.default.createDirectory(at: root.url.appendingPathComponent("data/web"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.url.appendingPathComponent("usr/local/bastille/jails/web"), withIntermediateDirectories: true)
        try? FileManager.default.removeItem(atPath: root.path + "/usr/local/bastille/jails/web/root")
        try FileManager.default.createSymbolicLink(atPath: root.path + "/usr/local/bastille/jails/web/root", withDestinationPath: root.path + "/data/web")
        var catalog = ManagerCatalog(root: root.path, runner: Self.runner())
        let web = try #require(await catalog.refresh().jails.first { $0.manager == .bastille && $0.name == "web" })
        #expect(web.path == "/usr/local/bastille/jails/web/root", "as Bastille wrote it")
        #expect(JailOwnership(managed: [web]).owner(ofRunning: "web", path: "/data/web") == nil)
        let owners = JailOwnership(managed: [web], resolve: ManagerFileSystem(root: root.path).realPath)
        #expect(owners.owner(ofRunning: "web", path: "/data/web") != nil, "the kernel's path is the resolved one")
        #expect(owners.notRunning([JlsJail(jid: 1, name: "web", path: "/data/web")]).isEmpty)
    }

    @Test func aChangeOutsideTheJailDirectoriesChangesNothingFound() throws {
        let root = try Root()
        defer { root.cleanUp() }
        let fs = ManagerFileSystem(root: root.path)
        var scanner = ManagerScanner(layout: IocageLayout())
        var budget = 10
        _ = scanner.refresh(fs, budget: &budget)
        let generation = scanner.generation
        try root.write("x", to: "/zroot/something-else")
        try root.write("x", to: "/tmp/pot_status_cache")
        budget = 10
        _ = scanner.refresh(fs, budget: &budget)
        #expect(scanner.generation == generation)
    }

    @Test func aDyingManagedJailIsOneRowNotAlsoAStoppedOne() {
        let pot = ManagedJail(manager: .pot, name: "cache", path: "/opt/pot/jails/cache/m")
        let owners = JailOwnership(managed: [pot])
        #expect(owners.notRunning([JlsJail(jid: 4, name: "cache", path: "/opt/pot/jails/cache/m", dying: true)]).isEmpty)
        #expect(owners.notRunning([]).count == 1)
    }

    /// A malformed file costs its jail alone, with a problem naming the file and what was wrong.
    @Test func malformedFilesAreNamedAndCostOnlyTheirJail() async throws {
        let root = try Root()
        defer { root.cleanUp() }
        try root.write("{\"host_hostuuid\": \"db2\", \"boot\": ", to: "/zroot/iocage/jails/db2/config.json")
        try root.write("[1, 2]", to: "/zroot/iocage/jails/web.1/config.json")
        try root.write("proxy {\n  path = \"/unterminated;\n}\n", to: "/usr/local/bastille/jails/proxy/jail.conf")
        try root.write("\u{1B}[31m garbage \u{0}\n", to: "/opt/pot/jails/cache/conf/pot.conf")
        var catalog = ManagerCatalog(root: root.path, runner: Self.runner())
        let found = await catalog.refresh()
        let iocage = try #require(found.problems.first { $0.hasPrefix("iocage:") })
        #expect(iocage.contains("/zroot/iocage/jails/db2/config.json") && iocage.contains("(and 1 more)"), "\(iocage)")
        let bastille = try #require(found.problems.first { $0.hasPrefix("Bastille:") })
        #expect(bastille.contains("/usr/local/bastille/jails/proxy/jail.conf"), "\(bastille)")
        #expect(!found.jails.contains { $0.manager == .iocage } && found.jails.contains { $0.name == "web" && $0.manager == .bastille })
        // pot reads `key=value` lines as pot does: a line that is none is no key, not an error.
        #expect(found.jails.first { $0.manager == .pot }?.path == "/opt/pot/jails/cache/m")
    }
}
