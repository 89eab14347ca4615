import JailtopModel

/// The private directory where ssh keeps the sockets of shared connections (ControlPath):
/// `$XDG_RUNTIME_DIR/jailtop-ssh`, else `/tmp/jailtop-ssh-UID`. Made mode 0700; one that is
/// not a directory, not ours, or open to others is refused (then nothing is shared), since
/// whoever can reach a socket there can run commands on the admin's hosts.
public enum ControlDirectory {
    public static func path(environment: [String: String]) -> String {
        if let runtime = environment["XDG_RUNTIME_DIR"], runtime.hasPrefix("/") {
            return runtime + "/jailtop-ssh"
        }
        return "/tmp/jailtop-ssh-\(getuid())"
    }

    /// Makes (or checks) the directory; the path, or why it cannot be used.
    public static func prepare(_ path: String) -> Result<String, RemoteHostError> {
        if mkdir(path, 0o700) != 0, errno != EEXIST {
            return .failure(RemoteHostError("cannot make \(path): \(String(cString: strerror(errno)))"))
        }
        var info = stat()
        guard lstat(path, &info) == 0 else {
            return .failure(RemoteHostError("cannot read \(path): \(String(cString: strerror(errno)))"))
        }
        guard info.st_mode & S_IFMT == S_IFDIR else { return .failure(RemoteHostError("\(path) is not a directory")) }
        guard info.st_uid == getuid() else { return .failure(RemoteHostError("\(path) belongs to another user")) }
        guard info.st_mode & 0o077 == 0 else { return .failure(RemoteHostError("\(path) is open to other users (chmod 700 it)")) }
        return .success(path)
    }
}
