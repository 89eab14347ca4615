#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import JailtopModel

/// A file's identity and last change as stat(2) gives them: the same stamp means the same
/// contents, so a manager's files are read again only when their stamp changes (iocage and
/// `sed -i` replace files by rename, which changes the inode; an append changes size and mtime).
struct FileStamp: Equatable, Sendable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modified: Int64
    var modifiedNanoseconds: Int64
    var changed: Int64
    var changedNanoseconds: Int64
    var isDirectory: Bool
    var isRegular: Bool
}

/// Reads a jail manager's files below the JAILTOP_ROOT prefix: stamps (one stat each, the only
/// cost of a refresh where nothing changed), directory listings, and whole regular files
/// (never a FIFO, capped in size).
/// Paths are host paths, as the managers' own files name them.
struct ManagerFileSystem: Sendable {
    let root: String
    /// Stamps just taken of files about to be read (`ManagerScanner`): a file known missing is
    /// not looked for again, a file known regular is opened without a stat(2) first.
    var known: [String: FileStamp?] = [:]

    init(root: String) {
        var trimmed = root
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.root = trimmed
    }

    /// The stamp of `path`, nil when it does not exist; any other failure (a directory on the
    /// way that cannot be searched) is the error.
    func stamp(_ path: String) -> Result<FileStamp?, FileReadFailure> {
        var status = stat()
        guard stat(root + path, &status) == 0 else {
            let code = errno
            return code == ENOENT || code == ENOTDIR ? .success(nil) : .failure(FileReadFailure(errno: code))
        }
        return .success(
            FileStamp(
                device: UInt64(truncatingIfNeeded: status.st_dev), inode: UInt64(truncatingIfNeeded: status.st_ino),
                size: Int64(status.st_size), modified: Int64(status.st_mtim.tv_sec),
                modifiedNanoseconds: Int64(status.st_mtim.tv_nsec), changed: Int64(status.st_ctim.tv_sec),
                changedNanoseconds: Int64(status.st_ctim.tv_nsec),
                isDirectory: status.st_mode & 0o170000 == 0o040000, isRegular: status.st_mode & 0o170000 == 0o100000))
    }

    /// A whole regular file (never a FIFO or device, at most `JailConfFileSystem.maximumFileSize`).
    ///
    /// Why not `RootedPath` as for jail.conf: the managers' directories are the host's own
    /// (root-owned, as the managers follow their symlinks, so does this), and resolving every
    /// component of 5 files of 1000 jails cost 30 000 lstat(2) calls. A file inside a jail's
    /// root, which the jail's root user controls, goes through `textInside(jailRoot:_:)`.
    func read(_ path: String) -> Result<[UInt8], FileReadFailure> {
        var regular = false
        if let stamp = known[path] {
            guard let stamp else { return .failure(.notFound) }
            regular = stamp.isRegular
        }
        return RegularFileReader.contents(
            atDiskPath: root + path, maximumSize: JailConfFileSystem.maximumFileSize, followingSymlink: true, knownRegular: regular
        ).map(\.bytes)
    }

    /// `path` with every symlink resolved (realpath(3) under the root), nil when it does not
    /// exist (a stopped jail's root need not), normalized.
    func realPath(_ path: String) -> String? {
        guard let resolved = realpath(root + path, nil) else { return nil }
        defer { free(resolved) }
        var text = String(cString: resolved)
        if !root.isEmpty {
            guard text == root || text.hasPrefix(root + "/") else { return nil }
            text = String(text.dropFirst(root.count))
        }
        return JailPath.normalized(text.isEmpty ? "/" : text)
    }

    /// The file that makes an entry a jail (Bastille's jail.conf): nil when there is none, so
    /// no jail; why not when it is there but cannot be read.
    func jailFile(_ path: String) throws(ManagerProblem) -> [UInt8]? {
        switch read(path) {
        case .success(let bytes): return bytes
        case .failure(.notFound), .failure(.isDirectory): return nil
        case .failure(let reason): throw ManagerProblem(path, reason)
        }
    }

    /// The same file system, knowing these stamps (`known`).
    func knowing(_ paths: [String], _ stamps: [Result<FileStamp?, FileReadFailure>]) -> ManagerFileSystem {
        var view = self
        for (path, stamp) in zip(paths, stamps) {
            if case .success(let s) = stamp { view.known[path] = s }
        }
        return view
    }

    /// A file as text, nil when it is missing or unreadable (optional files: tags, notes).
    func text(_ path: String) -> String? {
        guard case .success(let bytes) = read(path) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The names in a directory, none when it is missing or cannot be listed (optional parts:
    /// AppJail's labels, its limits, qjail's zones).
    func names(in directory: String) -> [String] {
        (list(directory).success ?? nil) ?? []
    }

    /// Whether `path` exists (a flag file such as AppJail's `conf/boot/startup/boot`).
    func exists(_ path: String) -> Bool {
        if case .success(.some) = stamp(path) { return true }
        return false
    }

    /// The names in a directory, sorted bytewise, without `.`, `..` and hidden entries (no
    /// manager keeps a jail under a dot name); nil when it does not exist.
    func list(_ directory: String) -> Result<[String]?, FileReadFailure> {
        guard let handle = opendir(root + directory) else {
            let code = errno
            if code == ENOENT { return .success(nil) }
            // A file where the directory should be: "Not a directory", not "No such file".
            return .failure(code == ENOTDIR ? .system(errno: ENOTDIR) : FileReadFailure(errno: code))
        }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if !name.hasPrefix(".") { names.append(name) }
        }
        return .success(names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
    }

    /// Reads a file inside a jail's root as the jail would see it (a symlink there is the jail
    /// root user's, so it must not lead out), nil when it cannot be read.
    func textInside(jailRoot: String, _ path: String) -> String? {
        guard case .success(let resolved) = RootedPath.resolve(path, inRoot: root + jailRoot),
            case .success(let contents) = RegularFileReader.contents(atDiskPath: resolved.diskPath, maximumSize: 1 << 20)
        else { return nil }
        return String(decoding: contents.bytes, as: UTF8.self)
    }
}

/// Paths as jls(8) prints them and as managers write them, made comparable: `//` collapsed and
/// a trailing `/` dropped (`/usr/local/bastille/jails/web/root/` is the same jail root).
enum JailPath {
    static func normalized(_ path: String) -> String {
        var out = ""
        out.reserveCapacity(path.utf8.count)
        var lastWasSlash = false
        for c in path {
            if c == "/" {
                if lastWasSlash { continue }
                lastWasSlash = true
            } else {
                lastWasSlash = false
            }
            out.append(c)
        }
        while out.count > 1, out.hasSuffix("/") { out.removeLast() }
        return out
    }

    /// `directory/name` with a single slash.
    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }
}

extension Result {
    /// The value, nil on failure.
    var success: Success? {
        if case .success(let value) = self { return value }
        return nil
    }
}
