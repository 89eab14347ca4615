import Foundation

/// Finds the programs tests drive (tmux, sshd, mandoc, promtool…) wherever this system keeps
/// them: on PATH, then in FreeBSD's ports prefix (/usr/local) and the base directories.
public enum ExternalTool {
    /// Searched after PATH, so a test finds a tool even under a minimal PATH (sshd is in sbin).
    static let fallbackDirectories = ["/usr/local/bin", "/usr/local/sbin", "/usr/bin", "/usr/sbin", "/bin", "/sbin"]

    /// The absolute path of the program `name`, or nil when it is not installed. Always absolute
    /// (relative PATH entries are skipped): sshd, for one, refuses to start from a relative path.
    public static func path(_ name: String) -> String? {
        let searchPath = ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":").map(String.init) ?? []
        for directory in searchPath + fallbackDirectories where directory.hasPrefix("/") {
            let candidate = URL(fileURLWithPath: directory).appendingPathComponent(name).path
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory)
            if exists, !isDirectory.boolValue, FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// The absolute path of `name`, for a test that is enabled only when it is installed.
    public static func require(_ name: String) throws -> String {
        guard let path = path(name) else { throw NotInstalled(name: name) }
        return path
    }

    /// A program a test needs is not installed.
    public struct NotInstalled: Error, CustomStringConvertible {
        public var name: String
        public var description: String { "\(name) is not installed (looked on PATH and in \(fallbackDirectories.joined(separator: ", ")))" }
    }
}
