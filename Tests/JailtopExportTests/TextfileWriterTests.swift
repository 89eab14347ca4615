import Foundation
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
}
