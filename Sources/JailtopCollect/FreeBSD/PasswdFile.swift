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

/// Reads passwd files and keeps them until they change (by modification time and size), so
/// a refresh over 1000 jails costs a stat per jail, not a parse.
final class PasswdCache: @unchecked Sendable {
    // Only used from the FreeBSD collector actor; @unchecked because the actor owns it.
    private var entries: [String: (stamp: String, file: PasswdFile)] = [:]

    /// The passwd file at `path`, or nil when it cannot be read.
    func file(at path: String) -> PasswdFile? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else {
            entries[path] = nil
            return nil
        }
        let stamp = "\((attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)/\(attributes[.size] ?? 0)"
        if let cached = entries[path], cached.stamp == stamp { return cached.file }
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let file = PasswdFile(parsing: String(decoding: data, as: UTF8.self))
        entries[path] = (stamp, file)
        return file
    }
}
