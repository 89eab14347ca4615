#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A path looked up inside a root directory the way a process chrooted there (a jail) would see
/// it: `..` never climbs above the root and every symlink, absolute targets included, resolves
/// inside it. Used for JAILTOP_ROOT (jail.conf `.include`s, rc.conf) and for a jail's own files
/// (its `etc/passwd`), so neither a `..` nor a symlink can point jailtop at a file outside.
///
/// The lookup is done component by component with lstat(2)/readlink(2), then the file is opened
/// with O_NOFOLLOW; a directory swapped for a symlink between the two is a race this cannot close
/// (openat(2) with O_RESOLVE_BENEATH on FreeBSD, openat2(2) RESOLVE_IN_ROOT on Linux could).
struct RootedPath: Sendable, Equatable {
    /// FreeBSD's MAXSYMLINKS: one lookup following more symlinks than this fails with ELOOP.
    static let maximumSymlinks = 32

    /// The root directory on disk, without trailing slashes ("" for the file system root).
    let root: String
    /// The path inside the root: absolute, with no `.`, `..`, empty component or symlink ("/" is the root).
    let path: String

    /// Where the file is on disk.
    var diskPath: String { root + path }

    /// Resolves `path` inside `root` (a relative `path` counts from the root). Fails with
    /// `.tooManySymlinks` past `maximumSymlinks` symlinks, when a symlink cannot be read, and
    /// with `.notFound` when a directory on the way does not exist (and no `..` follows it).
    static func resolve(_ path: String, inRoot root: String) -> Result<RootedPath, FileReadFailure> {
        var trimmedRoot = root
        while trimmedRoot.hasSuffix("/") { trimmedRoot.removeLast() }
        // A stack: the next component to look at is the last element.
        var pending: [Substring] = Array(path.split(separator: "/").reversed())
        var resolved: [Substring] = []
        var symlinks = 0
        while let component = pending.popLast() {
            if component == "." { continue }
            if component == ".." {
                _ = resolved.popLast()
                continue
            }
            resolved.append(component)
            switch symlinkTarget(atDiskPath: trimmedRoot + "/" + resolved.joined(separator: "/")) {
            case .notSymlink:
                continue
            case .missing(let code):
                // Nothing below a missing directory exists: 1000 jails without an etc/ cost
                // one lstat each, not three. (A `..` still to come could climb out of it: then
                // the lookup goes on, as `..` is taken by name here.)
                if !pending.isEmpty, !pending.contains("..") { return .failure(FileReadFailure(errno: code)) }
            case .unreadable(let code):
                return .failure(FileReadFailure(errno: code))
            case .target(let target):
                symlinks += 1
                guard symlinks <= maximumSymlinks else { return .failure(.tooManySymlinks) }
                resolved.removeLast()
                if target.hasPrefix("/") { resolved.removeAll() }
                pending += target.split(separator: "/").reversed()
            }
        }
        return .success(RootedPath(root: trimmedRoot, path: "/" + resolved.joined(separator: "/")))
    }

    /// What lstat(2) says about one component.
    private enum SymlinkTarget {
        case notSymlink
        /// lstat(2) failed with ENOENT or ENOTDIR.
        case missing(errno: Int32)
        case target(String)
        case unreadable(errno: Int32)
    }

    private static func symlinkTarget(atDiskPath diskPath: String) -> SymlinkTarget {
        var status = stat()
        guard lstat(diskPath, &status) == 0 else { return errno == ENOENT || errno == ENOTDIR ? .missing(errno: errno) : .notSymlink }
        guard RegularFileReader.kind(of: status) == .symlink else { return .notSymlink }
        // PATH_MAX is 1024 on FreeBSD and 4096 on Linux; a target filling the buffer may be cut short.
        let capacity = 4096
        var buffer = [CChar](repeating: 0, count: capacity)
        let count = readlink(diskPath, &buffer, capacity)
        guard count >= 0 else { return .unreadable(errno: errno) }
        guard count < capacity else { return .unreadable(errno: ENAMETOOLONG) }
        // An empty target is ENOENT when followed; kept as is, the open fails the same way.
        guard count > 0 else { return .notSymlink }
        return .target(String(decoding: buffer[0..<count].map { UInt8(truncatingIfNeeded: $0) }, as: UTF8.self))
    }
}
