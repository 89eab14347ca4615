import JailtopModel

/// A recording opened for replay, by the one reading policy: a regular file (read again from
/// the start at each loop, streamed when large), a FIFO or pipe named by path, or `-` for
/// standard input, whatever it is, since the user asked for it; a pipe or terminal is read once,
/// up to a limit. Anything else (a character or block device, a socket, a directory) is refused
/// before a byte is read, so `--fixture /dev/zero` cannot fill memory.
final class FixtureFile {
    /// What was opened, and so how it can be read.
    enum Kind: Equatable {
        /// A regular file of this many bytes when it was opened: it can be read again.
        case regular(size: Int)
        /// A pipe, FIFO or terminal: it can be read once.
        case stream
    }

    /// What `--fixture -` reads, and how messages name it.
    static let standardInputPath = "-"
    static let standardInputName = "standard input"

    let descriptor: Int32
    /// The path as given, or "standard input".
    let name: String
    let kind: Kind
    private let closesDescriptor: Bool

    /// Opens `path` (or standard input for "-") if the policy allows reading it.
    /// - Throws: `FixtureFileError` saying what the path is and why it is not read.
    init(path: String) throws(FixtureFileError) {
        if path == FixtureFile.standardInputPath {
            let name = FixtureFile.standardInputName
            var info = stat()
            guard fstat(STDIN_FILENO, &info) == 0 else {
                throw FixtureFileError(path: name, reason: "cannot be read: \(String(cString: strerror(errno)))")
            }
            switch FileKind(mode: info.st_mode) {
            case .regular: kind = .regular(size: Int(info.st_size))
            case .directory: throw FixtureFileError(path: name, reason: "is a directory, not a recording")
            default: kind = .stream
            }
            descriptor = STDIN_FILENO
            self.name = name
            closesDescriptor = false
            return
        }
        var info = stat()
        guard stat(path, &info) == 0 else {
            let code = errno
            switch code {
            case ENOENT, ENOTDIR: throw FixtureFileError(path: path, reason: "no such file")
            default: throw FixtureFileError(path: path, reason: "cannot be read: \(String(cString: strerror(code)))")
            }
        }
        let found = FileKind(mode: info.st_mode)
        let flags: Int32
        switch found {
        case .regular:
            // Non-blocking, so a FIFO swapped in after stat(2) cannot hang the open.
            flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC
        case .fifo:
            // Waits for a writer, as cat(1) does: the user named a FIFO to read from.
            flags = O_RDONLY | O_CLOEXEC
        case .directory:
            throw FixtureFileError(path: path, reason: "is a directory, not a recording")
        default:
            throw FixtureFileError(
                path: path,
                reason: "is \(found.name), not a recording: jailtop replays regular files and FIFOs (give a stream on standard input with --fixture -)")
        }
        let fd = open(path, flags)
        guard fd >= 0 else {
            throw FixtureFileError(path: path, reason: "cannot be read: \(String(cString: strerror(errno)))")
        }
        var opened = stat()
        guard fstat(fd, &opened) == 0, FileKind(mode: opened.st_mode) == found else {
            close(fd)
            throw FixtureFileError(path: path, reason: "changed while it was being opened; not read")
        }
        descriptor = fd
        name = path
        kind = found == .regular ? .regular(size: Int(opened.st_size)) : .stream
        closesDescriptor = true
    }

    deinit {
        if closesDescriptor { close(descriptor) }
    }
}
