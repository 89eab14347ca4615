import Foundation
import Testing
@testable import JailtopCollect

/// Include chains built in a temporary directory.
@Suite("jail.conf include depth")
struct JailConfIncludeDepthTests {
    @Test("a chain deeper than jail(8)'s 32 includes stops with its error; the jails above are kept")
    func maximumDepth() throws {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("jailtop-include-depth-\(UInt32.random(in: 0...UInt32.max))").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/etc", withIntermediateDirectories: true)
        for level in 0...40 {
            let text = "j\(level) { persist; }\n.include \"chain\(level + 1).conf\";\n"
            let name = level == 0 ? "jail.conf" : "chain\(level).conf"
            try text.write(toFile: root + "/etc/" + name, atomically: true, encoding: .utf8)
        }
        let loaded = JailConfCatalog.loadFile("/etc/jail.conf", root: root)
        #expect(loaded.jails.count == 33)
        #expect(loaded.jails.last?.name == "j32")
        #expect(loaded.errors.map(\.description) == ["/etc/chain32.conf:2: maximum include depth exceeded"])
    }
}
