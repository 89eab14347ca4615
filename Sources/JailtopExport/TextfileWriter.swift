import JailtopModel

/// Writes pages for node_exporter's textfile collector through `OutputFile`, the policy
/// `record --output` shares: a regular file (or none yet) is replaced by a hidden temporary
/// file in the same directory (not ending in `.prom`, so the collector never reads it half
/// written), synced, then renamed over the target, which readers see change at once; a FIFO
/// or character device is written in place, never replaced; a symbolic link is followed, and
/// the file it points to is the one replaced.
public struct TextfileWriter: Sendable {
    public let path: String
    /// Mode of the written file: node_exporter usually runs as another user and must read it.
    public let permissions: mode_t

    public init(path: String, permissions: mode_t = 0o644) {
        self.path = path
        self.permissions = permissions
    }

    /// The temporary file used while replacing the path as given: `.NAME.PID.tmp` next to it
    /// (next to its target when the path is a symbolic link).
    public var temporaryPath: String {
        OutputFile.temporaryPath(for: path)
    }

    /// Replaces the file's content with `bytes`: atomically for a regular file, in place for a
    /// FIFO or device.
    /// - Throws: `TextfileWriteError` naming the step that failed; no temporary file is left behind.
    public func write(_ bytes: some Collection<UInt8>) throws(TextfileWriteError) {
        let file = try OutputFile(path: path, permissions: permissions)
        try file.write(bytes)
        try file.publish()
        try file.close()
    }

    /// Replaces the file's content with a page.
    public func write(_ page: MetricsPage) throws(TextfileWriteError) {
        try write(page.body)
    }
}

/// A textfile that could not be written: the output-file error every writer shares.
public typealias TextfileWriteError = OutputFileError
