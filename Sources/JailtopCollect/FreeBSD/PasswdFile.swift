import JailtopModel

/// User names by uid from a passwd(5) file (`name:password:uid:gid:…`). A jail has its own
/// `<path>/etc/passwd`, so uid 80 is `www` in one jail and someone else in another; ps(1)
/// names users with the host's file only.
public struct PasswdFile: Sendable, Equatable {
    public var namesByUID: [Int: String]

    public init(namesByUID: [Int: String] = [:]) {
        self.namesByUID = namesByUID
    }

    /// Parses passwd text; comment, blank and malformed lines are skipped (the file is the
    /// system's, not ours to judge), and the first entry for a uid wins as getpwuid(3) does.
    public init(parsing text: String) {
        var names: [Int: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            guard let first = line.first, first != "#" else { continue }
            let fields = line.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
            guard fields.count >= 3, !fields[0].isEmpty, let uid = Int(fields[2]) else { continue }
            if names[uid] == nil { names[uid] = String(fields[0]) }
        }
        namesByUID = names
    }
}

/// Reads passwd files and keeps them until they change (by inode, size and modification
/// time), so a refresh over 1000 jails costs a few lstat(2)s per jail, not a parse. (Foundation's
/// attributesOfItem was a third of a refresh's CPU on 1000 jails, hence the plain stat.)
/// Only regular files are read, never blocking (a FIFO is refused), up to `maximumFileSize`.
final class PasswdCache: @unchecked Sendable {
    // Only used from the FreeBSD collector actor; @unchecked because the actor owns it.
    private struct Stamp: Equatable {
        var inode: UInt64
        var size: Int64
        var seconds: Int
        var nanoseconds: Int

        init(_ info: stat) {
            inode = UInt64(info.st_ino)
            size = Int64(info.st_size)
            seconds = Int(info.st_mtim.tv_sec)
            nanoseconds = Int(info.st_mtim.tv_nsec)
        }
    }

    /// Why a cap: a jail's root user owns its passwd, and one is kept per jail. Real ones are a few
    /// KiB; 4 MiB is some 50,000 users. A larger file gives numeric uids, as an unreadable one does.
    static let maximumFileSize = 4 << 20

    private var entries: [String: (stamp: Stamp, file: PasswdFile)] = [:]

    /// The passwd file at a host path, or nil when it cannot be read.
    func file(at path: String) -> PasswdFile? {
        file(atDiskPath: path, followingSymlink: true)
    }

    /// The passwd file of a jail: `path` (`/etc/passwd`) looked up inside the jail's root directory
    /// `jailRoot` (a host path) as the jail itself would (`RootedPath`): an absolute symlink is
    /// taken from the jail's root and `..` stops there, so a jail cannot point jailtop at a host
    /// file. Nil when it cannot be read.
    func file(inJailRoot jailRoot: String, path: String) -> PasswdFile? {
        guard case .success(let rooted) = RootedPath.resolve(path, inRoot: jailRoot) else { return nil }
        return file(atDiskPath: rooted.diskPath, followingSymlink: false)
    }

    private func file(atDiskPath path: String, followingSymlink: Bool) -> PasswdFile? {
        var info = stat()
        let statResult: Int32
        if followingSymlink {
            statResult = stat(path, &info)
        } else {
            statResult = lstat(path, &info)
        }
        guard statResult == 0, RegularFileReader.kind(of: info) == .regular else {
            entries[path] = nil
            return nil
        }
        if let cached = entries[path], cached.stamp == Stamp(info) { return cached.file }
        guard case .success(let contents) = RegularFileReader.contents(
            atDiskPath: path, maximumSize: Self.maximumFileSize, followingSymlink: followingSymlink)
        else {
            entries[path] = nil
            return nil
        }
        let file = PasswdFile(parsing: String(decoding: contents.bytes, as: UTF8.self))
        // The stamp of what was read, so a file replaced between the stat and the open is read again.
        entries[path] = (Stamp(contents.status), file)
        return file
    }
}
