import Foundation
import Testing
@testable import JailtopCollect

/// Issue 11 (4): reads that never end or never stop growing. Only regular files are read, never
/// blocking on a FIFO, and within a size cap; include fan-out is bounded too.
@Suite("bounded configuration reads")
struct BoundedReadTests {
    @Test("a FIFO at /etc/rc.conf is reported, not waited on")
    func fifoRcConf() throws {
        let root = try ScratchRoot("fifo-rcconf")
        defer { root.remove() }
        try root.makeFIFO("/etc/rc.conf")
        try root.write("jail_enable=YES\n", at: "/etc/rc.conf.local")
        try root.write("www { path = /j/www; }\n", at: "/etc/jail.conf")
        let rootPath = root.path
        let run = FIFOWatchdog.run(unblocking: [root.path + "/etc/rc.conf"]) { RcConf.load(root: rootPath) }
        #expect(!run.blocked, "RcConf.load waited for a writer on the FIFO")
        let rc = try #require(run.value)
        #expect(rc.errors.map(\.description) == ["/etc/rc.conf: cannot read: not a regular file"])
        #expect(rc.jailEnable, "the other files are still read")

        let catalog = FIFOWatchdog.run(unblocking: [root.path + "/etc/rc.conf"]) { JailConfCatalog.load(root: rootPath) }
        #expect(!catalog.blocked)
        #expect(catalog.value?.jails.map(\.name) == ["www"])
        #expect(catalog.value?.errors.map(\.description) == ["/etc/rc.conf: cannot read: not a regular file"])
    }

    @Test("a FIFO in jail.conf.d, as an include target or in rc.conf.d/jail is reported; the rest is read")
    func fifoConfigFiles() throws {
        let root = try ScratchRoot("fifo-jailconf")
        defer { root.remove() }
        try root.write(".include \"/etc/inc/*.conf\";\nmain { path = /j/main; }\n", at: "/etc/jail.conf")
        try root.makeFIFO("/etc/jail.conf.d/pipe.conf")
        try root.write("db { path = /j/db; }\n", at: "/etc/jail.conf.d/db.conf")
        try root.makeFIFO("/etc/inc/a.conf")
        try root.write("inc { path = /j/inc; }\n", at: "/etc/inc/b.conf")
        try root.makeFIFO("/etc/rc.conf.d/jail/pipe")
        try root.makeDirectory("/etc/rc.conf.d/jail/subdir")
        try root.write("jail_parallel_start=YES\n", at: "/etc/rc.conf.d/jail/settings")
        let fifos = ["/etc/jail.conf.d/pipe.conf", "/etc/inc/a.conf", "/etc/rc.conf.d/jail/pipe"].map { root.path + $0 }
        let rootPath = root.path
        let run = FIFOWatchdog.run(unblocking: fifos) { (JailConfCatalog.load(root: rootPath), RcConf.load(root: rootPath)) }
        #expect(!run.blocked, "a read waited for a writer on a FIFO")
        let (catalog, rc) = try #require(run.value)
        #expect(catalog.jails.map(\.name) == ["inc", "main", "db"])
        #expect(Set(catalog.errors.map(\.description)) == [
            "/etc/rc.conf.d/jail/pipe: cannot read: not a regular file",
            "/etc/jail.conf:1: cannot open included file /etc/inc/a.conf: not a regular file",
            "/etc/jail.conf.d/pipe.conf: cannot read: not a regular file",
        ])
        #expect(rc.value("jail_parallel_start") == "YES")
    }

    @Test("a device is not a configuration file; nor is a directory")
    func device() {
        let files = JailConfFileSystem(root: "")
        #expect(files.read("/dev/zero") == .failure(.notRegularFile))
        #expect(files.read("/dev/zero").failureDescription == "not a regular file")
        #expect(!files.isReadableFile("/dev/zero"))
        #expect(files.read("/").failureDescription == "Is a directory")
    }

    @Test("a file over the 16 MiB cap is refused from its size, with the cap in the message")
    func sizeCap() throws {
        let root = try ScratchRoot("size-cap")
        defer { root.remove() }
        try root.write("", at: "/etc/jail.conf")
        // Sparse: no 16 MiB are written.
        let handle = try #require(FileHandle(forWritingAtPath: root.path + "/etc/jail.conf"))
        try handle.truncate(atOffset: UInt64(JailConfFileSystem.maximumFileSize + 1))
        try handle.close()
        let loaded = JailConfCatalog.loadFile("/etc/jail.conf", root: root.path)
        #expect(loaded.errors.map(\.description) == ["/etc/jail.conf: cannot read: File too large (over 16 MiB)"])
    }

    @Test("files that all include each other's directory stop at the include budget, not after millions of paths")
    func includeFanOut() throws {
        let root = try ScratchRoot("fan-out")
        defer { root.remove() }
        try root.write(".include \"/etc/mesh/*.conf\";\n", at: "/etc/jail.conf")
        // Seven files each including all seven: 13,699 include paths without the budget.
        for index in 0..<7 {
            try root.write("j\(index) { persist; }\n.include \"*.conf\";\n", at: "/etc/mesh/m\(index).conf")
        }
        let loaded = JailConfCatalog.loadFile("/etc/jail.conf", root: root.path)
        #expect(loaded.errors.contains { $0.message == "too many included files (over 4096)" })
        #expect(loaded.jails.map(\.name) == (0..<7).map { "j\($0)" })
    }
}

extension Result where Failure == FileReadFailure {
    /// The failure's text, nil on success.
    fileprivate var failureDescription: String? {
        if case .failure(let reason) = self { return reason.description }
        return nil
    }
}
