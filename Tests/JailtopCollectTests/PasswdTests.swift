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

    @Test("each (jail, uid) pair's name is looked up once, through the table's growth")
    func userNameCache() {
        var cache = UserNameCache()
        var lookups: [Int: Int] = [:]
        // 3000 jails x 3 uids: the table grows from 1024 slots several times.
        for round in 0..<2 {
            for jid in 0..<3000 {
                for uid in [0, 80, 65534] {
                    let name = cache.name(jid: jid, uid: uid) {
                        lookups[jid << 32 | uid, default: 0] += 1
                        return uid == 65534 ? nil : "u\(uid)-j\(jid)"
                    }
                    #expect(name == (uid == 65534 ? nil : "u\(uid)-j\(jid)"), "round \(round), jail \(jid), uid \(uid)")
                }
            }
        }
        #expect(lookups.count == 9000)
        #expect(lookups.values.allSatisfy { $0 == 1 }, "a pair was looked up again (a nil name too)")
        // Pairs no key holds are looked up every time, never confused with a kept one.
        var outside = 0
        for _ in 0..<2 {
            #expect(cache.name(jid: 1 << 31, uid: 0) { outside += 1; return "far" } == "far")
            #expect(cache.name(jid: 0, uid: Int(UInt32.max) + 1) { outside += 1; return "big" } == "big")
            #expect(cache.name(jid: -1, uid: 0) { outside += 1; return nil } == nil)
        }
        #expect(outside == 6)
        #expect(cache.name(jid: 0, uid: 0) { "again" } == "u0-j0")
    }
}
