import Foundation
import Testing

@testable import JailtopCollect

/// The environment a tool starts with: PATH, JAILTOP_ROOT and one locale setting, nothing of the
/// caller's (so LANG or a user's LC_NUMERIC can never reach ps or sysctl).
@Suite struct SubprocessToolRunnerTests {
    @Test func localeEnvironmentIsExactlyTheOneAskedFor() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("jailtop-env-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let bin = root.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let script = bin.appendingPathComponent("ps")
        try Data("#!/bin/sh\nexec /usr/bin/env\n".utf8).write(to: script)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        let runner = SubprocessToolRunner(paths: HostPaths(root: root.path))

        func localeVariables(_ locale: ToolLocale) async throws -> [String] {
            let result = try await runner.run(HostPaths.ps, [], locale: locale, timeout: .seconds(10))
            return result.stdoutText.split(separator: "\n").map(String.init)
                .filter { $0.hasPrefix("LC_") || $0.hasPrefix("LANG=") }.sorted()
        }
        #expect(try await localeVariables(.utf8(ctype: "C.UTF-8")) == ["LC_CTYPE=C.UTF-8"])
        #expect(try await localeVariables(.c) == ["LC_ALL=C"])
        // The old entry point is the C locale.
        let plain = try await runner.run(HostPaths.ps, [], timeout: .seconds(10)).stdoutText
        #expect(plain.split(separator: "\n").contains("LC_ALL=C"))
    }
}
