#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a file could not be read, worded like strerror(3) where an errno says the same.
public enum FileReadFailure: Error, Sendable, Equatable, CustomStringConvertible {
    case notFound
    case isDirectory
    /// A FIFO, device, socket…: never opened for reading (a FIFO would block, a device never ends).
    case notRegularFile
    case unreadable
    /// Larger than the cap the caller gave.
    case tooLarge(limit: Int)
    /// More than `RootedPath.maximumSymlinks` symlinks, or a symlink where none may be.
    case tooManySymlinks
    /// Any other errno.
    case system(errno: Int32)

    init(errno code: Int32) {
        switch code {
        case ENOENT, ENOTDIR: self = .notFound
        case EISDIR: self = .isDirectory
        case EACCES, EPERM: self = .unreadable
        // FreeBSD's open(2) fails with EMLINK, Linux's with ELOOP, on a symlink opened with O_NOFOLLOW.
        case ELOOP, EMLINK: self = .tooManySymlinks
        default: self = .system(errno: code)
        }
    }

    public var description: String {
        switch self {
        case .notFound: return "No such file or directory"
        case .isDirectory: return "Is a directory"
        case .notRegularFile: return "not a regular file"
        case .unreadable: return "Permission denied"
        case .tooLarge(let limit): return "File too large (over \(BinarySize.text(limit)))"
        case .tooManySymlinks: return "Too many levels of symbolic links"
        case .system(let code): return String(cString: strerror(code))
        }
    }
}

/// Reads whole regular files without ever blocking or growing without end: the type is checked
/// before opening (opening a device can have effects), the open uses O_NONBLOCK (a FIFO swapped in
/// meanwhile opens at once instead of waiting for a writer) and O_CLOEXEC, fstat(2) checks again,
/// and the size is capped both from fstat and while reading, in case the file grows.
public enum RegularFileReader {
    /// What one read gives: the bytes and the fstat(2) of the descriptor they were read from.
    struct Contents {
        var bytes: [UInt8]
        var status: stat
    }

    /// The kind of file a stat(2) describes, as far as readers here care.
    enum Kind: Equatable {
        case regular
        case directory
        case symlink
        case other
    }

    static func kind(of status: stat) -> Kind {
        switch status.st_mode & 0o170000 {
        case 0o100000: return .regular
        case 0o040000: return .directory
        case 0o120000: return .symlink
        default: return .other
        }
    }

    /// Reads the file at `diskPath` (a real path, no root prefix added). With
    /// `followingSymlink` false the last component must not be a symlink (O_NOFOLLOW): the
    /// caller resolved it already, with `RootedPath`, and a symlink there now is a swap.
    /// `knownRegular`: the caller stat(2)ed the path a moment ago and saw a regular file, so
    /// the check before opening is skipped (the one after still refuses anything else).
    static func contents(
        atDiskPath diskPath: String, maximumSize: Int, followingSymlink: Bool = false, knownRegular: Bool = false
    ) -> Result<Contents, FileReadFailure> {
        if !knownRegular {
            var before = stat()
            let statResult: Int32
            if followingSymlink {
                statResult = stat(diskPath, &before)
            } else {
                statResult = lstat(diskPath, &before)
            }
            guard statResult == 0 else { return .failure(FileReadFailure(errno: errno)) }
            switch kind(of: before) {
            case .regular: break
            case .directory: return .failure(.isDirectory)
            case .symlink: return .failure(.tooManySymlinks)
            case .other: return .failure(.notRegularFile)
            }
        }

        var flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC
        if !followingSymlink { flags |= O_NOFOLLOW }
        let descriptor = open(diskPath, flags)
        guard descriptor >= 0 else { return .failure(FileReadFailure(errno: errno)) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return .failure(FileReadFailure(errno: errno)) }
        switch kind(of: status) {
        case .regular: break
        case .directory: return .failure(.isDirectory)
        case .symlink, .other: return .failure(.notRegularFile)
        }
        guard Int64(status.st_size) <= Int64(maximumSize) else { return .failure(.tooLarge(limit: maximumSize)) }

        // Read straight into the array, sized from fstat plus a byte to see the file grow: a
        // zeroed 64 KiB chunk per file cost more than the reading when 4000 small files are read.
        var bytes: [UInt8] = []
        var capacity = min(maximumSize, Int(status.st_size)) + 1
        while true {
            if bytes.count == capacity {
                guard capacity <= maximumSize else { return .failure(.tooLarge(limit: maximumSize)) }
                capacity = min(maximumSize + 1, max(capacity * 2, 4096))
            }
            let before = bytes.count, room = capacity - before
            bytes.append(contentsOf: repeatElement(0, count: room))
            let got = bytes.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress! + before, room)
            }
            let code = errno
            bytes.removeLast(got > 0 ? room - got : room)
            if got < 0 {
                if code == EINTR { continue }
                return .failure(FileReadFailure(errno: code))
            }
            if got == 0 { break }
            guard bytes.count <= maximumSize else { return .failure(.tooLarge(limit: maximumSize)) }
            // A regular file's read is short only at its end: no second read(2) to see 0.
            if got < room { break }
        }
        return .success(Contents(bytes: bytes, status: status))
    }
}

extension RegularFileReader {
    /// A whole regular file the user named (a credentials file), at most `maximumSize` bytes,
    /// or why it cannot be read, in words for an error message ("not a regular file").
    public static func bytes(atPath path: String, maximumSize: Int) -> Result<[UInt8], FileReadFailure> {
        contents(atDiskPath: path, maximumSize: maximumSize, followingSymlink: true).map(\.bytes)
    }
}

/// Byte counts in the binary units error messages use ("16 MiB", "64 KiB").
enum BinarySize {
    static func text(_ bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }
}
