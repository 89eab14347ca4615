#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Reads configuration files below the JAILTOP_ROOT prefix: every absolute path jail(8) or rc.d would
/// open is looked up as `root + path`, and every path handed back is the unprefixed one.
struct JailConfFileSystem: Sendable {
    /// Why a cap: a configuration file pointing at a device or a huge file must not exhaust memory.
    static let maximumFileSize = 16 << 20

    /// Why reading a file can fail, worded like strerror(3).
    enum ReadFailure: Error, Sendable, Equatable, CustomStringConvertible {
        case notFound
        case isDirectory
        case unreadable
        case tooLarge

        var description: String {
            switch self {
            case .notFound: return "No such file or directory"
            case .isDirectory: return "Is a directory"
            case .unreadable: return "Permission denied"
            case .tooLarge: return "File too large"
            }
        }
    }

    /// The prefix, without trailing slashes ("" on a real host).
    let root: String

    init(root: String) {
        var trimmed = root
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.root = trimmed
    }

    func diskPath(_ path: String) -> String {
        root + path
    }

    func read(_ path: String) -> Result<[UInt8], ReadFailure> {
        let disk = diskPath(path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: disk, isDirectory: &isDirectory) else {
            return .failure(.notFound)
        }
        if isDirectory.boolValue { return .failure(.isDirectory) }
        guard FileManager.default.isReadableFile(atPath: disk) else { return .failure(.unreadable) }
        guard let data = Self.contents(atPath: disk) else { return .failure(.unreadable) }
        if data.count > Self.maximumFileSize { return .failure(.tooLarge) }
        return .success([UInt8](data))
    }

    /// Reads at most one byte more than the cap, so an endless file (a device) cannot exhaust memory.
    private static func contents(atPath path: String) -> Data? {
        if #available(macOS 10.15.4, iOS 13.4, tvOS 13.4, watchOS 6.2, *) {
            guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
            defer { _ = try? handle.close() }
            do {
                return try handle.read(upToCount: maximumFileSize + 1) ?? Data()
            } catch {
                return nil
            }
        }
        return FileManager.default.contents(atPath: path)
    }

    /// Like sh's `[ -r FILE ]` as rc.d/jail uses it, but only for files (a directory is not a config).
    func isReadableFile(_ path: String) -> Bool {
        let disk = diskPath(path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: disk, isDirectory: &isDirectory), !isDirectory.boolValue else {
            return false
        }
        return FileManager.default.isReadableFile(atPath: disk)
    }

    func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: diskPath(path), isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// glob(3) of `pattern` (an unprefixed path) under the root, sorted bytewise like glob in the C locale.
    func glob(_ pattern: String) -> [String] {
        let matches = Self.systemGlob(Self.escapeGlob(root) + pattern)
        let paths = matches.compactMap { match -> String? in
            guard match.utf8.starts(with: root.utf8) else { return nil }
            return String(decoding: match.utf8.dropFirst(root.utf8.count), as: UTF8.self)
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
