import Foundation
@testable import JailtopCollect

/// Locates the jail.conf fixture trees (each one a JAILTOP_ROOT) next to the tests, and small helpers.
enum JailConfTestSupport {
    /// `Tests/JailtopCollectTests/Fixtures/jailconf/<name>`, found from this file's path.
    static func root(_ name: String, filePath: String = #filePath) -> String {
        URL(fileURLWithPath: filePath)
            .deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("Fixtures/jailconf/\(name)")
            .path
    }

    /// The text of a fixture file, given its path inside the fixture root.
    static func text(_ name: String, _ path: String) -> String {
        guard let data = FileManager.default.contents(atPath: root(name) + path) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }

    /// Parses `text` as `/etc/jail.conf` with includes resolved nowhere, and returns the jails by name.
    static func jails(_ text: String) -> (byName: [String: ConfiguredJail], errors: [String]) {
        let parsed = JailConfCatalog.parse(text, file: "/etc/jail.conf", root: "/nonexistent-jailtop-root")
        var byName: [String: ConfiguredJail] = [:]
        for jail in parsed.jails { byName[jail.name] = jail }
        return (byName, parsed.errors.map(\.description))
    }

    /// The errors of `text` parsed as `/etc/jail.conf`, printed.
    static func errors(_ text: String) -> [String] {
        jails(text).errors
    }

    /// All tokens of `text` (kind and decoded text), or the scanner's error.
    static func tokens(_ text: String) -> Result<[(JailConfToken.Kind, String)], JailConfError> {
        var lexer = JailConfLexer(bytes: Array(text.utf8), file: "t.conf")
        var tokens: [(JailConfToken.Kind, String)] = []
        do throws(JailConfError) {
            while true {
                let token = try lexer.next()
                if token.kind == .end { return .success(tokens) }
                tokens.append((token.kind, String(decoding: token.text, as: UTF8.self)))
            }
        } catch {
            return .failure(error)
        }
    }
}
