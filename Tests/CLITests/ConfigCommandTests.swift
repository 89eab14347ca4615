import Foundation
import Testing

/// Issue 16 (8): `jailtop config` checks the jailtoprc files with file:line errors.
@Suite struct ConfigCommandTests {
    @Test func aGoodFileIsPrintedAndABadLineNamed() throws {
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("jailtop-config-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: config) }
        let dir = config.appendingPathComponent("jailtop")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("jailtoprc").path
        try "# mine\ndelay = 5\njail_sort = -lim\n".write(toFile: file, atomically: true, encoding: .utf8)
        var r = try CommandRunner.run(["config"], source: nil, environment: ["XDG_CONFIG_HOME": config.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("then \(file)\n") && r.stdout.contains("delay = 5\njail_sort = -lim\n"))
        #expect(r.stderr.isEmpty)
        try "delay = 5\nprocess_columns = pid\n".write(toFile: file, atomically: true, encoding: .utf8)
        r = try CommandRunner.run(["config"], source: nil, environment: ["XDG_CONFIG_HOME": config.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("\(file):2: the columns must include command (ignored)"))
        #expect(r.stdout.contains("delay = 5") && !r.stdout.contains("process_columns"))
    }
}
