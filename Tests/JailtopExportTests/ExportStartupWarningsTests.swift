import Foundation
import Testing

@testable import JailtopExport

@Suite("ExportStartupWarnings")
struct ExportStartupWarningsTests {
    @Test("a credentials file every user can read is warned about; one only its owner or group can read is not")
    func credentialsFile() throws {
        let warning = try #require(ExportStartupWarnings.credentialsFile("/usr/local/etc/jailtop.auth", mode: 0o644))
        #expect(warning.contains("/usr/local/etc/jailtop.auth is readable by every user (mode 0644)"))
        #expect(warning.contains("chmod 600"))
        #expect(ExportStartupWarnings.credentialsFile("f", mode: 0o604) != nil)
        #expect(ExportStartupWarnings.credentialsFile("f", mode: 0o600) == nil)
        #expect(ExportStartupWarnings.credentialsFile("f", mode: 0o640) == nil)
    }

    @Test("the mode is read from the file")
    func permissions() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("jailtop-auth-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data("u:x\n".utf8)))
        #expect(chmod(path, 0o644) == 0)
        #expect(ExportStartupWarnings.permissions(of: path) == 0o644)
        #expect(chmod(path, 0o600) == 0)
        #expect(ExportStartupWarnings.permissions(of: path) == 0o600)
        #expect(ExportStartupWarnings.permissions(of: path + ".missing") == nil)
    }

    @Test("serving beyond loopback without auth is warned about")
    func openListener() throws {
        let warning = try #require(ExportStartupWarnings.openListener(":9452", loopbackOnly: false, authenticated: false))
        #expect(warning.contains(":9452"))
        #expect(warning.contains("--basic-auth-file"))
        #expect(ExportStartupWarnings.openListener(":9452", loopbackOnly: false, authenticated: true) == nil)
        #expect(ExportStartupWarnings.openListener("127.0.0.1:9452", loopbackOnly: true, authenticated: false) == nil)
    }
}
