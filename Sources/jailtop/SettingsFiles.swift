import Foundation
import JailtopCollect
import JailtopUI

/// Where the dashboard's settings live and how they are read and written: the system-wide
/// `/usr/local/etc/jailtoprc` (under JAILTOP_ROOT when set) first, then the user's
/// `$XDG_CONFIG_HOME/jailtop/jailtoprc` (default `~/.config/jailtop/jailtoprc`), whose lines
/// win. A file that is missing is fine; one that does not read costs its bad lines only.
struct SettingsFiles {
    static let systemPath = "/usr/local/etc/jailtoprc"

    let system: String
    let user: String?

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        system = HostPaths(root: environment["JAILTOP_ROOT"] ?? "").resolve(Self.systemPath)
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") {
            user = xdg + "/jailtop/jailtoprc"
        } else if let home = environment["HOME"], home.hasPrefix("/") {
            user = home + "/.config/jailtop/jailtoprc"
        } else {
            user = nil
        }
    }

    /// Both files' settings, the user's over the system's, and every line that was ignored.
    func load() -> (settings: DashboardSettings, problems: [String]) {
        var settings = DashboardSettings()
        var problems: [String] = []
        for path in [system, user].compactMap({ $0 }) {
            guard FileManager.default.fileExists(atPath: path) else { continue }
            guard let data = FileManager.default.contents(atPath: path), data.count <= 1 << 20 else {
                problems.append("\(path): cannot be read (or is over 1 MiB): ignored")
                continue
            }
            let (read, found) = SettingsFile.parse(String(decoding: data, as: UTF8.self), file: path)
            settings = settings.overridden(by: read)
            problems += found.map { "\($0) (ignored)" }
        }
        return (settings, problems)
    }

    /// Writes `settings` to the user's file (made with its directory when missing, replaced
    /// whole by a rename); the message line says where, or why not. The file's `mouse` stays
    /// (the screen does not set it).
    func save(_ settings: DashboardSettings) -> String {
        guard let user else { return "settings not saved: neither XDG_CONFIG_HOME nor HOME is set" }
        var settings = settings
        if let existing = FileManager.default.contents(atPath: user) {
            settings.mouse = SettingsFile.parse(String(decoding: existing, as: UTF8.self), file: user).settings.mouse
        }
        let directory = (user as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let temporary = directory + "/.jailtoprc.\(getpid())"
            try Data(SettingsFile.render(settings).utf8).write(to: URL(fileURLWithPath: temporary))
            guard rename(temporary, user) == 0 else {
                let why = String(cString: strerror(errno))
                try? FileManager.default.removeItem(atPath: temporary)
                return "settings not saved to \(user): \(why)"
            }
        } catch {
            return "settings not saved to \(user): \(error.localizedDescription)"
        }
        return "settings saved to \(user)"
    }
}
