import Foundation
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
/// time), so a refresh over 1000 jails costs one stat(2) per jail, not a parse. (Foundation's
/// attributesOfItem was a third of a refresh's CPU on 1000 jails, hence the plain stat.)
final class PasswdCache: @unchecked Sendable {
    // Only used from the FreeBSD collector actor; @unchecked because the actor owns it.
    private struct Stamp: Equatable {
        var inode: UInt64
        var size: Int64
        var seconds: Int
        var nanoseconds: Int
    }

    private var entries: [String: (stamp: Stamp, file: PasswdFile)] = [:]

    /// The passwd file at `path`, or nil when it cannot be read.
    func file(at path: String) -> PasswdFile? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            entries[path] = nil
            return nil
        }
        let stamp = Stamp(
            inode: UInt64(info.st_ino), size: Int64(info.st_size), seconds: Int(info.st_mtim.tv_sec),
            nanoseconds: Int(info.st_mtim.tv_nsec))
        if let cached = entries[path], cached.stamp == stamp { return cached.file }
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let file = PasswdFile(parsing: String(decoding: data, as: UTF8.self))
        entries[path] = (stamp, file)
        return file
    }
}
