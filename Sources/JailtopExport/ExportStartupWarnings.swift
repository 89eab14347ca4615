import JailtopModel

/// What `jailtop export` warns about when it starts: set-ups that work but expose more than the
/// admin likely meant to.
public enum ExportStartupWarnings {
    /// A credentials file that every user of the host may read: its digests can then be
    /// guessed at offline, at any speed.
    /// - Parameter mode: the file's permission bits (`st_mode`).
    public static func credentialsFile(_ path: String, mode: UInt32) -> String? {
        guard mode & 0o004 != 0 else { return nil }
        let octal = String(mode & 0o777, radix: 8)
        return "warning: \(path) is readable by every user (mode \(String(repeating: "0", count: max(0, 4 - octal.count)) + octal)): "
            + "anyone on this host can guess at its digests offline; chmod 600 \(path)"
    }

    /// A server that any host which can reach it may scrape, without a password.
    /// - Parameters:
    ///   - listen: the `--listen` value, as the admin gave it.
    ///   - loopbackOnly: whether the socket was bound to a loopback address (`MetricsServer.isLoopbackOnly`).
    public static func openListener(_ listen: String, loopbackOnly: Bool, authenticated: Bool) -> String? {
        guard !loopbackOnly, !authenticated else { return nil }
        return "warning: serving /metrics on \(listen) to every host that can reach it, without authentication "
            + "(add --basic-auth-file, or listen on 127.0.0.1)"
    }

    /// The permission bits of a file, or nil when it cannot be examined.
    public static func permissions(of path: String) -> UInt32? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return UInt32(info.st_mode) & 0o7777
    }
}
