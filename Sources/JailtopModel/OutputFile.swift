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

/// write(2) and close(2) under names that `OutputFile`'s own `write` and `close` do not hide.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}

private func systemClose(_ descriptor: Int32) -> Int32 {
    close(descriptor)
}

/// A file jailtop writes at a path the user named (`record --output`, `export --textfile`),
/// written so that what is at the path is never destroyed by accident. The one policy, for
/// every command:
///
/// - A regular file, or nothing yet: written to a hidden temporary file next to it
///   (`.NAME.PID.tmp`), which `publish()` syncs and renames over the path, so readers see the
///   old content or the new, never half of it.
/// - A FIFO or a character device (`/dev/null`, a terminal, `/dev/stdout` on either): opened and written
///   in place; never created, truncated, chmod-ed or replaced. A FIFO is opened without waiting
///   for a reader: with none, opening fails at once with "no reader on FIFO PATH".
/// - A symbolic link is followed, explicitly: what it points to decides, and a regular file is
///   replaced next to its target (realpath(3)), so the rename stays in the target's directory
///   and the link keeps pointing at the new file. A link to nothing is refused.
/// - A block device or a socket is refused: writing would overwrite a disk, and replacing would
///   remove the node. A directory is left to rename(2), which refuses to replace it.
public final class OutputFile {
    /// What the path led to when the file was opened, and so how it is written.
    public enum Destination: Sendable, Equatable {
        /// A regular file or nothing (the path with symbolic links resolved): replaced by rename.
        case replaced(path: String)
        /// A FIFO, written in place.
        case fifo(path: String)
        /// A character device, written in place.
        case characterDevice(path: String)
    }

    /// The path as the user gave it, for messages.
    public let requestedPath: String
    public let destination: Destination
    private var descriptor: Int32
    /// The temporary file while it has not been renamed over the destination yet.
    private var unpublishedPath: String?

    /// The temporary file used while replacing `path`: `.NAME.PID.tmp` in the same directory.
    public static func temporaryPath(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp").path
    }

    /// Decides how `path` is written (see the type's documentation), following a symbolic link.
    /// - Throws: `OutputFileError` when the path cannot be examined or is refused.
    public static func destination(for path: String) throws(OutputFileError) -> Destination {
        guard !path.isEmpty else {
            throw OutputFileError(path: path, step: "check", errno: ENOENT, explanation: "the output file's path is empty")
        }
        var info = stat()
        guard lstat(path, &info) == 0 else {
            let code = errno
            // Nothing there yet (or no such directory, which creating the file will report).
            if code == ENOENT { return .replaced(path: path) }
            throw OutputFileError(path: path, step: "stat", errno: code)
        }
        var kind = FileKind(mode: info.st_mode)
        guard kind == .symbolicLink else { return try classify(path: path, kind: kind, requested: path) }
        // Follow the link. stat(2) follows it the way open(2) will, so a link to a FIFO or a
        // device (even /dev/stdout's /proc/self/fd/1) is written through as it is.
        guard stat(path, &info) == 0 else {
            let code = errno
            if code == ENOENT {
                throw OutputFileError(
                    path: path, step: "stat", errno: code,
                    explanation: "\(path): is a symbolic link to nothing (a missing file); jailtop writes through a link only to a file that exists")
            }
            throw OutputFileError(path: path, step: "stat", errno: code)
        }
        kind = FileKind(mode: info.st_mode)
        switch kind {
        case .fifo, .characterDevice:
            return try classify(path: path, kind: kind, requested: path)
        default:
            // Replaced next to the target, so the rename stays in one directory and the link
            // still points at the file afterwards.
            guard let resolved = realpath(path, nil) else { throw OutputFileError(path: path, step: "realpath", errno: errno) }
            defer { free(resolved) }
            return try classify(path: String(cString: resolved), kind: kind, requested: path)
        }
    }

    private static func classify(path: String, kind: FileKind, requested: String) throws(OutputFileError) -> Destination {
        switch kind {
        case .regular, .directory:
            return .replaced(path: path)
        case .fifo:
            return .fifo(path: path)
        case .characterDevice:
            return .characterDevice(path: path)
        case .blockDevice, .socket, .symbolicLink, .other:
            throw OutputFileError(
                path: requested, step: "check", errno: 0,
                explanation: "\(requested): is \(kind.name); jailtop writes only to a regular file (replaced), a FIFO or a character device")
        }
    }

    /// Opens `path` for writing by the policy above.
    /// - Parameter permissions: the mode of a replaced file, whatever the umask (nil: 0666 less
    ///   the umask, as any new file). A FIFO or a device keeps its own.
    /// - Throws: `OutputFileError` naming the path and the step that failed.
    public init(path: String, permissions: mode_t? = nil) throws(OutputFileError) {
        let destination = try OutputFile.destination(for: path)
        requestedPath = path
        self.destination = destination
        switch destination {
        case .replaced(let target):
            let temp = OutputFile.temporaryPath(for: target)
            // A temporary file left by a crashed run with our pid is ours to replace.
            unlink(temp)
            let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions ?? 0o666)
            guard fd >= 0 else { throw OutputFileError(path: temp, step: "create", errno: errno) }
            // The umask may have narrowed the mode given to open(2).
            if let permissions, fchmod(fd, permissions) != 0 {
                let code = errno
                _ = systemClose(fd)
                unlink(temp)
                throw OutputFileError(path: temp, step: "chmod", errno: code)
            }
            descriptor = fd
            unpublishedPath = temp
        case .fifo(let target), .characterDevice(let target):
            descriptor = try OutputFile.openInPlace(target, destination: destination, requested: path)
            unpublishedPath = nil
        }
    }

    /// Opens a FIFO or a device without blocking (no reader on a FIFO, a terminal line with no
    /// carrier), checks it is still what was examined, then makes writes blocking again.
    private static func openInPlace(_ target: String, destination: Destination, requested: String) throws(OutputFileError) -> Int32 {
        let isFIFO = destination == .fifo(path: target)
        let fd = open(target, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            if isFIFO, code == ENXIO {
                throw OutputFileError(path: requested, step: "open", errno: code, explanation: "no reader on FIFO \(requested)")
            }
            throw OutputFileError(path: requested, step: "open", errno: code)
        }
        guard let kind = FileKind.of(descriptor: fd), kind == (isFIFO ? .fifo : .characterDevice) else {
            _ = systemClose(fd)
            throw OutputFileError(
                path: requested, step: "open", errno: 0, explanation: "\(requested): changed while it was being opened; not written")
        }
        let flags = fcntl(fd, F_GETFL)
        guard flags >= 0, fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) == 0 else {
            let code = errno
            _ = systemClose(fd)
            throw OutputFileError(path: requested, step: "fcntl", errno: code)
        }
        return fd
    }

    deinit {
        if descriptor >= 0 { _ = systemClose(descriptor) }
        if let unpublishedPath { unlink(unpublishedPath) }
    }

    /// Writes all of `bytes` (write(2), retried when interrupted or short).
    /// - Throws: `OutputFileError` with the system's reason, e.g. "No space left on device".
    public func write(_ bytes: some Collection<UInt8>) throws(OutputFileError) {
        guard descriptor >= 0 else { throw OutputFileError(path: requestedPath, step: "write", errno: EBADF) }
        let fd = descriptor
        let code =
            bytes.withContiguousStorageIfAvailable { Self.writeAll(fd, UnsafeRawBufferPointer($0)) }
            ?? Array(bytes).withUnsafeBytes { Self.writeAll(fd, $0) }
        guard code == 0 else { throw OutputFileError(path: requestedPath, step: "write", errno: code) }
    }

    /// 0, or the errno of the write that failed.
    private static func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) -> Int32 {
        guard var next = buffer.baseAddress else { return 0 }
        var remaining = buffer.count
        while remaining > 0 {
            let n = systemWrite(fd, next, remaining)
            if n < 0 {
                let code = errno
                if code == EINTR { continue }
                return code
            }
            // write(2) never returns 0 for a non-empty buffer; stop rather than spin if it does.
            if n == 0 { return EIO }
            next += n
            remaining -= n
        }
        return 0
    }

    /// Makes what was written visible at the path: a replaced file is synced and renamed over
    /// it (later writes still go to it); a FIFO or device has nothing to do. Calling it again
    /// does nothing.
    /// - Throws: `OutputFileError`; the temporary file is removed.
    public func publish() throws(OutputFileError) {
        guard let temp = unpublishedPath, case .replaced(let target) = destination else { return }
        guard fsync(descriptor) == 0 else {
            let code = errno
            discard()
            throw OutputFileError(path: temp, step: "fsync", errno: code)
        }
        guard rename(temp, target) == 0 else {
            let code = errno
            discard()
            throw OutputFileError(path: target, step: "rename", errno: code)
        }
        unpublishedPath = nil
    }

    /// Closes the file; one that was never published is removed, so the path keeps what it had.
    /// - Throws: `OutputFileError` if close(2) reports a failed write (NFS, some devices).
    public func close() throws(OutputFileError) {
        guard descriptor >= 0 else { return }
        let result = systemClose(descriptor)
        let code = errno
        descriptor = -1
        if let unpublishedPath {
            unlink(unpublishedPath)
            self.unpublishedPath = nil
        }
        if result != 0, code != EINTR { throw OutputFileError(path: requestedPath, step: "close", errno: code) }
    }

    /// Closes and removes an unpublished temporary file after a failure.
    private func discard() {
        if descriptor >= 0 { _ = systemClose(descriptor) }
        descriptor = -1
        if let unpublishedPath { unlink(unpublishedPath) }
        unpublishedPath = nil
    }
}

/// An output file that could not be opened or written: `PATH: STEP failed: REASON`, or a
/// sentence of its own for what the policy refuses ("no reader on FIFO PATH").
public struct OutputFileError: Error, Equatable, CustomStringConvertible {
    public var path: String
    /// What was being done: create, open, write, chmod, fsync, rename, close, stat, check.
    public var step: String
    /// The system's error number (0 when the policy refused the path).
    public var errno: Int32
    /// The whole message, when it says more than the system's reason.
    public var explanation: String?

    public init(path: String, step: String, errno: Int32, explanation: String? = nil) {
        self.path = path
        self.step = step
        self.errno = errno
        self.explanation = explanation
    }

    public var description: String {
        explanation ?? "\(path): \(step) failed: \(systemErrorMessage(errno))"
    }
}
