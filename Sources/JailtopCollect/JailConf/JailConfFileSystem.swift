#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads configuration files below the JAILTOP_ROOT prefix: every absolute path jail(8) or rc.d would
/// open is looked up inside `root` as a chrooted process would see it (`RootedPath`: `..` stops at the
/// root, symlinks resolve inside it), and every path handed back is the unprefixed one. Only regular
/// files are read, never blocking (a FIFO is refused, not waited on), up to `maximumFileSize`.
struct JailConfFileSystem: Sendable {
    /// Why a cap: a configuration file pointing at a huge file must not exhaust memory. Real
    /// jail.conf and rc.conf files are a few KiB; 16 MiB leaves room for generated ones.
    static let maximumFileSize = 16 << 20

    /// Why reading a file can fail, worded like strerror(3).
    typealias ReadFailure = FileReadFailure

    /// The prefix, without trailing slashes ("" on a real host).
    let root: String

    init(root: String) {
        var trimmed = root
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.root = trimmed
    }

    /// Where `path` is on disk, resolved inside the root.
    func diskPath(_ path: String) -> Result<String, ReadFailure> {
        RootedPath.resolve(path, inRoot: root).map(\.diskPath)
    }

    func read(_ path: String) -> Result<[UInt8], ReadFailure> {
        diskPath(path).flatMap { disk in
            RegularFileReader.contents(atDiskPath: disk, maximumSize: Self.maximumFileSize).map(\.bytes)
        }
    }

    /// Like sh's `[ -r FILE ]` as rc.d/jail uses it, but only for regular files (a directory or a
    /// FIFO is not a configuration jail(8) could read).
    func isReadableFile(_ path: String) -> Bool {
        guard case .success(let disk) = diskPath(path), kind(atDiskPath: disk) == .regular else { return false }
        return access(disk, R_OK) == 0
    }

    func isDirectory(_ path: String) -> Bool {
        guard case .success(let disk) = diskPath(path) else { return false }
        return kind(atDiskPath: disk) == .directory
    }

    /// The resolved path's own type (lstat: after `RootedPath` the last component is no symlink).
    private func kind(atDiskPath disk: String) -> RegularFileReader.Kind? {
        var status = stat()
        guard lstat(disk, &status) == 0 else { return nil }
        return RegularFileReader.kind(of: status)
    }

    /// glob(3) of `pattern` (an unprefixed path) under the root, sorted bytewise like glob in the C locale.
    /// The leading directories without glob characters are resolved inside the root first, so a
    /// symlinked `/etc/jail.conf.d` is listed where the jail host would list it; every match is then
    /// read through `read`, which resolves it inside the root again.
    func glob(_ pattern: String) -> [String] {
        let parts = pattern.split(separator: "/")
        var literalCount = 0
        while literalCount + 1 < parts.count, !parts[literalCount].contains(where: { "*?[\\".contains($0) }) {
            literalCount += 1
        }
        var rest = parts[literalCount...].joined(separator: "/")
        if pattern.hasSuffix("/") { rest += "/" }
        guard case .success(let base) = RootedPath.resolve("/" + parts[..<literalCount].joined(separator: "/"), inRoot: root)
        else { return [] }
        let diskBase = base.diskPath.hasSuffix("/") ? base.diskPath : base.diskPath + "/"
        let pathBase = base.path == "/" ? "/" : base.path + "/"
        let matches = Self.systemGlob(Self.escapeGlob(diskBase) + rest)
        let paths = matches.compactMap { match -> String? in
            guard match.utf8.starts(with: diskBase.utf8) else { return nil }
            return pathBase + String(decoding: match.utf8.dropFirst(diskBase.utf8.count), as: UTF8.self)
        }
        return paths.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// FreeBSD glob(3)'s GLOB_MAGCHAR test: an unescaped `*` or `?`, or a `[` with a closing `]`.
    /// jail(8) globs a magic pattern (zero matches is fine) but opens anything else as a plain file name.
    static func hasGlobMagic(_ pattern: String) -> Bool {
        let bytes = Array(pattern.utf8)
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\\"):
                index += 2
                continue
            case UInt8(ascii: "*"), UInt8(ascii: "?"):
                return true
            case UInt8(ascii: "["):
                var first = index + 1
                if first < bytes.count, bytes[first] == UInt8(ascii: "!") { first += 1 }
                if first + 1 < bytes.count, bytes[(first + 1)...].contains(UInt8(ascii: "]")) { return true }
            default:
                break
            }
            index += 1
        }
        return false
    }

    /// Quotes glob metacharacters so the root prefix is matched literally.
    static func escapeGlob(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if "\\*?[".contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }

    private static func systemGlob(_ pattern: String) -> [String] {
        var result = glob_t()
        defer { globfree(&result) }
        #if canImport(Darwin)
        let status = Darwin.glob(pattern, 0, nil, &result)
        #elseif canImport(Glibc)
        let status = Glibc.glob(pattern, 0, nil, &result)
        #else
        let status = Musl.glob(pattern, 0, nil, &result)
        #endif
        guard status == 0, let paths = result.gl_pathv else { return [] }
        var matches: [String] = []
        for index in 0..<Int(result.gl_pathc) {
            if let path = paths[index] {
                matches.append(String(cString: path))
            }
        }
        return matches
    }
}
