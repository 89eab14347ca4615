import Foundation
import JailtopModel
import Testing

@testable import JailtopExport

@Suite("TextfileWriter")
struct TextfileWriterTests {
    /// A fresh directory per test, removed after.
    func withDirectory(_ body: (String) throws -> Void) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("jailtop-textfile-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try body(dir)
    }

    @Test("writes the page, readable by others, and leaves no temporary file")
    func writes() throws {
        try withDirectory { dir in
            let path = dir + "/jailtop.prom"
            let page = MetricsPage(text: MetricsRenderer().render(Fixtures.small, health: Fixtures.health), generation: 1)
            let old = umask(0o077)
            defer { umask(old) }
            try TextfileWriter(path: path).write(page)
            #expect(try String(contentsOfFile: path, encoding: .utf8) == page.text)
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["jailtop.prom"])
            let mode = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
            #expect(mode == 0o644)
        }
    }

    @Test("replaces by rename: a reader holding the old file keeps the old content whole")
    func atomicReplace() throws {
        try withDirectory { dir in
            let path = dir + "/jailtop.prom"
            let writer = TextfileWriter(path: path)
            let first = String(repeating: "a 1\n", count: 50_000)
            try writer.write(Array(first.utf8))
            let reader = try #require(FileHandle(forReadingAtPath: path))
            defer { try? reader.close() }
            let inodeBefore = try #require(try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? UInt64)
            try writer.write(Array("b 2\n".utf8))
            let inodeAfter = try #require(try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? UInt64)
            #expect(inodeBefore != inodeAfter)
            #expect(String(decoding: try reader.readToEnd() ?? Data(), as: UTF8.self) == first)
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "b 2\n")
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["jailtop.prom"])
        }
    }

    @Test("the temporary file is hidden, next to the target, and not a .prom file")
    func temporaryName() {
        let temp = TextfileWriter(path: "/var/tmp/node/jailtop.prom").temporaryPath
        #expect(temp.hasPrefix("/var/tmp/node/.jailtop.prom."))
        #expect(temp.hasSuffix(".tmp"))
    }

    @Test("a missing directory fails at create; a directory in the way fails at rename and cleans up")
    func failures() throws {
        try withDirectory { dir in
            #expect(throws: TextfileWriteError.self) { try TextfileWriter(path: dir + "/missing/x.prom").write([UInt8]("x".utf8)) }
            do {
                try TextfileWriter(path: dir + "/missing/x.prom").write([UInt8]("x".utf8))
            } catch let error as TextfileWriteError {
                #expect(error.step == "create")
                #expect(error.description.contains("No such file or directory"))
            }
            try FileManager.default.createDirectory(atPath: dir + "/busy.prom/inside", withIntermediateDirectories: true)
            do {
                try TextfileWriter(path: dir + "/busy.prom").write([UInt8]("x".utf8))
                Issue.record("expected a failure")
            } catch let error as TextfileWriteError {
                #expect(error.step == "rename")
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["busy.prom"])
        }
    }

    @Test("an empty page writes an empty file")
    func empty() throws {
        try withDirectory { dir in
            try TextfileWriter(path: dir + "/e.prom").write([UInt8]())
            #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/e.prom")).isEmpty)
        }
    }

    /// Issue 11: a FIFO is written in place, never replaced by a regular file.
    @Test func writesThroughAFIFO() throws {
        try withDirectory { dir in
            let fifo = dir + "/jailtop.prom"
            try #require(mkfifo(fifo, 0o644) == 0)
            let reader = open(fifo, O_RDONLY | O_NONBLOCK)
            try #require(reader >= 0)
            defer { close(reader) }
            try TextfileWriter(path: fifo).write(Array("a 1\n".utf8))
            #expect(FileKind.of(fifo, followingLinks: false) == .fifo)
            var buffer = [UInt8](repeating: 0, count: 64)
            let n = read(reader, &buffer, buffer.count)
            #expect(n == 4 && Array(buffer.prefix(4)) == Array("a 1\n".utf8))
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["jailtop.prom"])
        }
    }

    /// A FIFO nobody reads fails at once with a plain reason, instead of blocking in open(2).
    @Test func aFIFOWithoutAReaderFailsAtOnce() throws {
        try withDirectory { dir in
            let fifo = dir + "/jailtop.prom"
            try #require(mkfifo(fifo, 0o644) == 0)
            do {
                try TextfileWriter(path: fifo).write(Array("a 1\n".utf8))
                Issue.record("expected a failure")
            } catch let error as TextfileWriteError {
                #expect(error.description == "no reader on FIFO \(fifo)")
            }
            #expect(FileKind.of(fifo, followingLinks: false) == .fifo)
        }
    }

    /// A character device is written in place, its mode untouched: /dev/null takes the page,
    /// /dev/full says why it cannot. Both are reached through links in the test's directory, so
    /// a writer that replaced its path would replace only a link, never a device.
    @Test func writesThroughACharacterDevice() throws {
        try withDirectory { dir in
            let modeBefore = try FileManager.default.attributesOfItem(atPath: "/dev/null")[.posixPermissions] as? Int
            try FileManager.default.createSymbolicLink(atPath: dir + "/null.prom", withDestinationPath: "/dev/null")
            try TextfileWriter(path: dir + "/null.prom").write(Array("a 1\n".utf8))
            #expect(FileKind.of(dir + "/null.prom", followingLinks: false) == .symbolicLink)
            #expect(FileKind.of("/dev/null") == .characterDevice)
            #expect(try FileManager.default.attributesOfItem(atPath: "/dev/null")[.posixPermissions] as? Int == modeBefore)
            // Linux has /dev/full; FreeBSD has none.
            guard FileKind.of("/dev/full") == .characterDevice else { return }
            try FileManager.default.createSymbolicLink(atPath: dir + "/full.prom", withDestinationPath: "/dev/full")
            do {
                try TextfileWriter(path: dir + "/full.prom").write(Array("a 1\n".utf8))
                Issue.record("writing to /dev/full succeeded")
            } catch let error as TextfileWriteError {
                #expect(error.description == "\(dir)/full.prom: write failed: No space left on device")
            }
            #expect(FileKind.of(dir + "/full.prom", followingLinks: false) == .symbolicLink)
        }
    }

    /// A symbolic link is followed, explicitly: the file it points to is replaced, next to it in
    /// its own directory, and the link stays a link. A link to nothing is refused.
    @Test func followsASymlinkToTheFileItNames() throws {
        try withDirectory { dir in
            try FileManager.default.createDirectory(atPath: dir + "/real", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: dir + "/links", withIntermediateDirectories: true)
            try Data("old 0\n".utf8).write(to: URL(fileURLWithPath: dir + "/real/jailtop.prom"))
            try FileManager.default.createSymbolicLink(atPath: dir + "/links/jailtop.prom", withDestinationPath: "../real/jailtop.prom")
            try TextfileWriter(path: dir + "/links/jailtop.prom").write(Array("a 1\n".utf8))
            #expect(FileKind.of(dir + "/links/jailtop.prom", followingLinks: false) == .symbolicLink)
            #expect(try String(contentsOfFile: dir + "/real/jailtop.prom", encoding: .utf8) == "a 1\n")
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/real") == ["jailtop.prom"])
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/links") == ["jailtop.prom"])

            try FileManager.default.createSymbolicLink(atPath: dir + "/links/dangling.prom", withDestinationPath: "../real/none.prom")
            do {
                try TextfileWriter(path: dir + "/links/dangling.prom").write(Array("a 1\n".utf8))
                Issue.record("a dangling link was written")
            } catch let error as TextfileWriteError {
                #expect(error.description.hasPrefix("\(dir)/links/dangling.prom: is a symbolic link to nothing"), "\(error)")
            }
            #expect(FileKind.of(dir + "/links/dangling.prom", followingLinks: false) == .symbolicLink)
            #expect(!FileManager.default.fileExists(atPath: dir + "/real/none.prom"))
        }
    }
}
