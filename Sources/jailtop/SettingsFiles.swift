import JailtopCollect
import JailtopModel
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
        let directory = String(user[..<(user.lastIndex(of: "/") ?? user.startIndex)])
        if let why = Self.makeDirectories(directory) { return "settings not saved to \(user): \(directory): \(why)" }
        do throws(OutputFileError) {
            // Written beside it and renamed over it (OutputFile), so a crash never leaves half a file.
            let file = try OutputFile(path: user)
            try file.write(Array(SettingsFile.render(settings).utf8))
            try file.publish()
        } catch {
            return "settings not saved: \(error)"
        }
        return "settings saved to \(user)"
    }

    /// mkdir -p, mode 0700 for what it makes: nil when `path` is a directory after, or why not.
    private static func makeDirectories(_ path: String) -> String? {
        var prefix = ""
        for component in path.split(separator: "/") {
            prefix += "/" + component
            if FileKind.of(prefix) == nil, mkdir(prefix, 0o700) != 0, errno != EEXIST { return String(cString: strerror(errno)) }
        }
        return FileKind.of(path.isEmpty ? "/" : path) == .directory ? nil : "not a directory"
    }
}
