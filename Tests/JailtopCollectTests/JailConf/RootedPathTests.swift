import Foundation
import Testing
@testable import JailtopCollect

/// Issue 11 (10): paths are looked up inside their root, as a jail sees its files: `..` stops at
/// the root and symlinks, absolute ones included, resolve inside it. The `.include` half.
@Suite("rooted paths")
struct RootedPathTests {
    @Test("`..`, `.` and empty components are resolved without ever climbing above the root")
    func lexical() throws {
        let root = try ScratchRoot("rooted-lexical")
        defer { root.remove() }
        try root.makeDirectory("/etc")
        let resolve = { (path: String) in try RootedPath.resolve(path, inRoot: root.path + "/").get() }
        #expect(try resolve("/../../etc//./passwd").path == "/etc/passwd")
        #expect(try resolve("/../../etc/passwd").diskPath == root.path + "/etc/passwd")
        #expect(try resolve("etc/../..").path == "/")
        #expect(try resolve("/").diskPath == root.path + "/")
        #expect(try RootedPath.resolve("/a/../b", inRoot: "").get().diskPath == "/b")
    }

    @Test("a missing directory on the way ends the lookup with ENOENT's words, after one lstat, unless a `..` follows it")
    func missingDirectory() throws {
        let root = try ScratchRoot("rooted-missing")
        defer { root.remove() }
        try root.makeDirectory("/etc")
        try root.write("x", at: "/file")
        #expect(RootedPath.resolve("/missing/passwd", inRoot: root.path) == .failure(.notFound))
        #expect(RootedPath.resolve("/missing/./deeper/passwd", inRoot: root.path) == .failure(.notFound))
        // A file where a directory should be is ENOTDIR: not found, too.
        #expect(RootedPath.resolve("/file/deeper/passwd", inRoot: root.path) == .failure(.notFound))
        // The last component may be missing: the caller's open says so.
        #expect(try RootedPath.resolve("/etc/passwd", inRoot: root.path).get().path == "/etc/passwd")
        // `..` is taken by name, so it climbs out of a missing directory.
        #expect(try RootedPath.resolve("/missing/../etc/passwd", inRoot: root.path).get().path == "/etc/passwd")
        #expect(PasswdCache().file(inJailRoot: root.path, path: "/missing/passwd") == nil)
    }

    @Test("symlinks resolve inside the root: absolute targets from the root, `..` stopping there")
    func symlinks() throws {
        let root = try ScratchRoot("rooted-symlinks")
        defer { root.remove() }
        try root.write("x", at: "/etc/real")
        try root.makeSymlink("/etc/absolute", to: "/etc/real")
        try root.makeSymlink("/etc/relative", to: "real")
        try root.makeSymlink("/etc/climbing", to: "../../../../../../../../etc/real")
        try root.makeSymlink("/etc/outside", to: root.path + "/../outside-file")
        try root.makeSymlink("/lib", to: "etc")
        let resolve = { (path: String) in try RootedPath.resolve(path, inRoot: root.path).get().path }
        #expect(try resolve("/etc/absolute") == "/etc/real")
        #expect(try resolve("/etc/relative") == "/etc/real")
        #expect(try resolve("/etc/climbing") == "/etc/real")
        #expect(try resolve("/lib/absolute") == "/etc/real")
        #expect(try resolve("/lib/../etc/relative") == "/etc/real")
        // The host path the link names is taken inside the root, where it does not exist.
        let outside = try resolve("/etc/outside")
        #expect(outside.hasSuffix("/outside-file") && !outside.hasPrefix(root.path))
        #expect(JailConfFileSystem(root: root.path).read("/etc/outside") == .failure(.notFound))
    }

    @Test("a symlink loop, or a chain longer than MAXSYMLINKS, fails with ELOOP's words")
    func loops() throws {
        let root = try ScratchRoot("rooted-loops")
        defer { root.remove() }
        try root.makeSymlink("/a", to: "/b")
        try root.makeSymlink("/b", to: "a")
        for index in 0...RootedPath.maximumSymlinks {
            try root.makeSymlink("/chain\(index)", to: "chain\(index + 1)")
        }
        try root.write("end", at: "/chain\(RootedPath.maximumSymlinks + 1)")
        try root.makeSymlink("/short", to: "chain2")
        #expect(RootedPath.resolve("/a/x", inRoot: root.path) == .failure(.tooManySymlinks))
        // chain0 takes 33 symlinks; short, to chain2, takes exactly 32.
        #expect(RootedPath.resolve("/chain0", inRoot: root.path) == .failure(.tooManySymlinks))
        #expect(try RootedPath.resolve("/short", inRoot: root.path).get().path == "/chain\(RootedPath.maximumSymlinks + 1)")
        #expect(FileReadFailure.tooManySymlinks.description == "Too many levels of symbolic links")
    }

    @Test("`.include \"/../..\"` stays inside JAILTOP_ROOT")
    func includeDotDot() throws {
        let base = try ScratchRoot("rooted-include")
        defer { base.remove() }
        // The jail host's root is base/root; a file outside it, next to it, must not be read.
        try base.write("evil { path = /outside; }\n", at: "/outside.conf")
        try base.write(".include \"/../outside.conf\";\n.include \"../../outside.conf\";\nok { }\n", at: "/root/etc/jail.conf")
        let loaded = JailConfCatalog.loadFile("/etc/jail.conf", root: base.path + "/root")
        #expect(loaded.jails.map(\.name) == ["ok"])
        #expect(loaded.errors.map(\.description) == [
            "/etc/jail.conf:1: cannot open included file /../outside.conf: No such file or directory",
            "/etc/jail.conf:2: cannot open included file /etc/../../outside.conf: No such file or directory",
        ])
    }

    @Test("an include through a symlink pointing outside the root is read inside it")
    func includeSymlink() throws {
        let base = try ScratchRoot("rooted-include-link")
        defer { base.remove() }
        try base.write("evil { path = /outside; }\n", at: "/outside/evil.conf")
        try base.write(".include \"/etc/linked.conf\";\n.include \"/etc/jail.d/*.conf\";\n", at: "/root/etc/jail.conf")
        try base.makeSymlink("/root/etc/linked.conf", to: base.path + "/outside/evil.conf")
        // A symlinked include directory is globbed where the root says it is.
        try base.makeSymlink("/root/etc/jail.d", to: base.path + "/outside")
        try base.makeDirectory("/root" + base.path + "/outside")
        try base.write("mirrored { }\n", at: "/root" + base.path + "/outside/m.conf")
        let loaded = JailConfCatalog.loadFile("/etc/jail.conf", root: base.path + "/root")
        #expect(loaded.errors.map(\.description) == [
            "/etc/jail.conf:1: cannot open included file /etc/linked.conf: No such file or directory",
        ])
        #expect(loaded.jails.map(\.name) == ["mirrored"])
        #expect(!loaded.jails.contains { $0.name == "evil" })
    }
}
