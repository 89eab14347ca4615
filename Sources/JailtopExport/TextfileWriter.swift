import Foundation

#if canImport(Glibc)
    import Glibc
    private let posixWrite = Glibc.write
#elseif canImport(Musl)
    import Musl
    private let posixWrite = Musl.write
#elseif canImport(Darwin)
    import Darwin
    private let posixWrite = Darwin.write
#endif

/// Writes pages for node_exporter's textfile collector: each write goes to a hidden temporary
/// file in the same directory (not ending in `.prom`, so the collector never reads it half
/// written), is synced, and is then renamed over the target, which readers see change at once.
public struct TextfileWriter: Sendable {
    public let path: String
    /// Mode of the written file: node_exporter usually runs as another user and must read it.
    public let permissions: mode_t

    public init(path: String, permissions: mode_t = 0o644) {
        self.path = path
        self.permissions = permissions
    }

    /// The temporary file used while writing: `.NAME.PID.tmp` next to the target.
    public var temporaryPath: String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp").path
    }

    /// Replaces the file's content with `bytes`, atomically.
    /// - Throws: `TextfileWriteError` naming the step that failed; no temporary file is left behind.
    public func write(_ bytes: some Collection<UInt8>) throws(TextfileWriteError) {
        let temp = temporaryPath
        // A temporary file left by a crashed run with our pid is ours to replace.
        unlink(temp)
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions)
        guard fd >= 0 else { throw TextfileWriteError(path: temp, step: "create", errno: errno) }
        var ok = false
        defer {
            if !ok { unlink(temp) }
        }
        do {
            defer { close(fd) }
            let contiguous = Array(bytes)
            var written = 0
            while written < contiguous.count {
                let n = contiguous.withUnsafeBytes { raw in
                    posixWrite(fd, raw.baseAddress.map { $0 + written }, contiguous.count - written)
                }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw TextfileWriteError(path: temp, step: "write", errno: errno)
                }
                written += n
            }
            // The umask may have narrowed the mode given to open(2).
            guard fchmod(fd, permissions) == 0 else { throw TextfileWriteError(path: temp, step: "chmod", errno: errno) }
            guard fsync(fd) == 0 else { throw TextfileWriteError(path: temp, step: "fsync", errno: errno) }
        }
        guard rename(temp, path) == 0 else { throw TextfileWriteError(path: path, step: "rename", errno: errno) }
        ok = true
    }

    /// Replaces the file's content with a page.
    public func write(_ page: MetricsPage) throws(TextfileWriteError) {
        try write(page.body)
    }
}

/// A textfile that could not be written.
public struct TextfileWriteError: Error, Equatable, CustomStringConvertible {
    public var path: String
    public var step: String
    public var errno: Int32

    public init(path: String, step: String, errno: Int32) {
        self.path = path
        self.step = step
        self.errno = errno
    }

    public var description: String {
        "\(path): \(step) failed: \(String(cString: strerror(errno)))"
    }
}
