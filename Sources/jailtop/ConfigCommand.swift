import ArgumentParser
import JailtopUI

/// `jailtop config`: checks the dashboard's settings files (the system-wide one, then the
/// user's) and prints the settings they give, as a jailtoprc; each line that does not read is
/// named on stderr with its file and line, and then jailtop exits 1.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check the dashboard's jailtoprc files and print the settings they give.",
        discussion: "Read: \(SettingsFiles.systemPath), then $XDG_CONFIG_HOME/jailtop/jailtoprc (default ~/.config/jailtop/jailtoprc).")

    func run() throws {
        let files = SettingsFiles()
        let (settings, problems) = files.load()
        let body = SettingsFile.render(settings).split(separator: "\n").dropFirst().map(String.init)
        Output.lines(["# read: \(files.system)" + (files.user.map { ", then \($0)" } ?? "")] + body)
        for problem in problems { Output.warn(problem) }
        if !problems.isEmpty { throw ExitCode(1) }
    }
}
