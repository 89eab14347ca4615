#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The type of a file system object (from `st_mode`): what decides whether jailtop may read a
/// recording from it or how it writes output to it.
public enum FileKind: Sendable, Equatable {
    case regular, directory, fifo, characterDevice, blockDevice, socket, symbolicLink, other

    public init(mode: mode_t) {
        // The S_IF* constants are mode_t on Linux and plain integers on FreeBSD.
        switch mode & mode_t(S_IFMT) {
        case mode_t(S_IFREG): self = .regular
        case mode_t(S_IFDIR): self = .directory
        case mode_t(S_IFIFO): self = .fifo
        case mode_t(S_IFCHR): self = .characterDevice
        case mode_t(S_IFBLK): self = .blockDevice
        case mode_t(S_IFSOCK): self = .socket
        case mode_t(S_IFLNK): self = .symbolicLink
        default: self = .other
        }
    }

    /// The kind of what `path` names, or nil with errno set.
    /// - Parameter followingLinks: false for the kind of a symbolic link itself (lstat(2)).
    public static func of(_ path: String, followingLinks: Bool = true) -> FileKind? {
        var info = stat()
        guard (followingLinks ? stat(path, &info) : lstat(path, &info)) == 0 else { return nil }
        return FileKind(mode: info.st_mode)
    }

    /// The kind of what is open on `descriptor`, or nil with errno set.
    public static func of(descriptor: Int32) -> FileKind? {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        return FileKind(mode: info.st_mode)
    }

    /// With an article, for messages: "a character device".
    public var name: String {
        switch self {
        case .regular: "a regular file"
        case .directory: "a directory"
        case .fifo: "a FIFO"
        case .characterDevice: "a character device"
        case .blockDevice: "a block device"
        case .socket: "a socket"
        case .symbolicLink: "a symbolic link"
        case .other: "not a regular file"
        }
    }
}

/// `strerror(3)` as a Swift string: "No space left on device".
func systemErrorMessage(_ code: Int32) -> String {
    String(cString: strerror(code))
}
