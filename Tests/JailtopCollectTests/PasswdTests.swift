import Foundation
import Testing
@testable import JailtopCollect

/// A jail's own passwd, read as the jail sees it (issue 11, part 10) and never blocking (part 4).
@Suite("jail passwd files")
struct PasswdTests {
    @Test("a jail's etc/passwd symlink is followed inside the jail root, never to the host's file")
    func symlinkInsideJail() throws {
        let base = try ScratchRoot("passwd-symlink")
        defer { base.remove() }
        let host = base.path + "/host-passwd"
        try base.write("hostuser:*:80:80::/:/bin/sh\n", at: "/host-passwd")
        try base.write("www:*:80:80::/:/usr/sbin/nologin\n", at: "/jail/etc/master.passwd.txt")
        // Absolute target: the jail's own /etc/master.passwd.txt, not the host's.
        try base.makeSymlink("/jail/etc/passwd", to: "/etc/master.passwd.txt")
        // Host paths, by name or by climbing: taken inside the jail root, where they do not exist.
        try base.makeSymlink("/other/etc/passwd", to: host)
        try base.makeSymlink("/climber/etc/passwd", to: "../../../../../../../.." + host)

        let cache = PasswdCache()
        #expect(cache.file(inJailRoot: base.path + "/jail", path: "/etc/passwd")?.namesByUID[80] == "www")
        #expect(cache.file(inJailRoot: base.path + "/other", path: "/etc/passwd") == nil)
        #expect(cache.file(inJailRoot: base.path + "/climber/", path: "/etc/passwd") == nil)
        // What the collector did before: the host's file.
        #expect(cache.file(at: base.path + "/other/etc/passwd")?.namesByUID[80] == "hostuser")
    }

    @Test("a jail root of / is the host's file system, as for a jail with path=/")
    func rootJail() throws {
        let base = try ScratchRoot("passwd-root")
        defer { base.remove() }
        try base.write("a:*:1001:1001::/:/bin/sh\n", at: "/etc/passwd")
        let cache = PasswdCache()
        #expect(cache.file(inJailRoot: "/", path: base.path + "/etc/passwd")?.namesByUID[1001] == "a")
    }

    @Test("a changed file is read again; a removed one is forgotten")
    func cacheRefresh() throws {
        let base = try ScratchRoot("passwd-cache")
        defer { base.remove() }
        try base.write("one:*:1::/:/bin/sh\n", at: "/etc/passwd")
        let cache = PasswdCache()
        #expect(cache.file(inJailRoot: base.path, path: "/etc/passwd")?.namesByUID[1] == "one")
        try base.write("two:*:1::/:/bin/sh\nmore:*:2::/:/bin/sh\n", at: "/etc/passwd")
        #expect(cache.file(inJailRoot: base.path, path: "/etc/passwd")?.namesByUID[1] == "two")
        try FileManager.default.removeItem(atPath: base.path + "/etc/passwd")
        #expect(cache.file(inJailRoot: base.path, path: "/etc/passwd") == nil)
    }

    @Test("a FIFO as a jail's passwd gives no names, at once")
    func notRegular() throws {
        let base = try ScratchRoot("passwd-fifo")
        defer { base.remove() }
        try base.makeFIFO("/etc/passwd")
        let fifo = base.path + "/etc/passwd"
        let jailRoot = base.path
        let run = FIFOWatchdog.run(unblocking: [fifo]) { PasswdCache().file(at: fifo) == nil }
        #expect(!run.blocked, "the passwd reader waited for a writer on the FIFO")
        #expect(run.value == true)
        let inJail = FIFOWatchdog.run(unblocking: [fifo]) {
            PasswdCache().file(inJailRoot: jailRoot, path: "/etc/passwd") == nil
        }
        #expect(!inJail.blocked && inJail.value == true)
    }
}
