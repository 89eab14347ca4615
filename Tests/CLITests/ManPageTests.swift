import Foundation
import JailtopTestSupport
import Testing

/// man/jailtop.8 is mdoc(7) that `mandoc -Tlint` accepts, and it documents every subcommand
/// and every option the binary has (checked against the binary's own --help).
@Suite struct ManPageTests {
    static let page = CommandRunner.here.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("man/jailtop.8")

    @Test(.enabled(if: ExternalTool.path("mandoc") != nil, "mandoc is not installed"))
    func lintsClean() throws {
        let r = try Spawn.run(ExternalTool.require("mandoc"), ["-Tlint", "-Wwarning", Self.page.path])
        #expect(r.status == 0, "\(r.output)")
        #expect(r.output.isEmpty, "\(r.output)")
    }

    @Test func documentsEveryCommandAndOption() throws {
        let text = try String(contentsOf: Self.page, encoding: .utf8)
        for command in ["top", "snapshot", "ps", "record", "export", "start", "stop", "restart", "kill", "limit add", "limit rm", "shell", "config"] {
            let help = try CommandRunner.run(command.split(separator: " ").map(String.init) + ["--help"]).stdout
            // Every long option in --help ("--tool-timeout <seconds>") is in the page (as "Fl -tool-timeout").
            let options = help.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "," || $0 == "[" || $0 == "]" })
                .filter { $0.hasPrefix("--") && $0.count > 2 }
                .map { String($0.dropFirst(2).prefix { $0.isLetter || $0.isNumber || $0 == "-" }) }
            #expect(!options.isEmpty)
            for option in Set(options) where option != "help" && option != "version" {
                #expect(text.contains("Fl -\(option)"), "jailtop.8 does not document \(command) --\(option)")
            }
            #expect(text.contains(command))
        }
        for variable in ["JAILTOP_ROOT", "NO_COLOR"] { #expect(text.contains(variable)) }
    }
}
