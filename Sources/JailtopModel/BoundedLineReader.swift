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

/// Splits what a file descriptor yields into lines while holding at most one line (up to
/// `maxLineBytes`) and one read buffer, and reading no further than its `Extent`: no input,
/// however long (`/dev/zero`, a 5 GB recording), makes it use more memory than that.
public struct BoundedLineReader {
    /// How much of the input is read.
    public enum Extent: Sendable, Equatable {
        /// The first this many bytes, then the end (a regular file as large as it was when
        /// opened: what is appended later is not read).
        case firstBytes(Int)
        /// Everything up to the end, which must come within this many bytes (a pipe).
        case atMost(Int)
    }

    /// One line, without its newline.
    public struct Line: Sendable {
        public var bytes: Data
        /// 1-based.
        public var number: Int
        /// Where the line starts in the input.
        public var offset: Int
        /// False only for a last line the input ended without a newline.
        public var isTerminated: Bool
    }

    /// Why reading stopped before the end.
    public enum Failure: Error, Equatable {
        /// A line ran past `maxLineBytes` without a newline.
        case lineTooLong(line: Int)
        /// The input went past an `.atMost` extent.
        case inputTooLong(line: Int)
        /// read(2) failed.
        case readFailed(line: Int, errno: Int32)
    }

    public let descriptor: Int32
    public let extent: Extent
    public let maxLineBytes: Int
    private let chunkSize: Int
    /// Bytes read and not yet returned: the current line, and maybe lines after it.
    private var pending: [UInt8] = []
    private var lineStart = 0
    /// Where the search for the next newline resumes: bytes before it hold none.
    private var scanned = 0
    private var bytesRead = 0
    private var reachedEnd = false
    /// Lines returned so far.
    public private(set) var lineNumber = 0

    /// - Parameter chunkSize: bytes asked of each read(2).
    public init(descriptor: Int32, extent: Extent, maxLineBytes: Int, chunkSize: Int = 1 << 20) {
        self.descriptor = descriptor
        self.extent = extent
        self.maxLineBytes = max(maxLineBytes, 1)
        self.chunkSize = max(chunkSize, 1)
    }

    /// The next line, or nil at the end of the input.
    public mutating func next() throws(Failure) -> Line? {
        while true {
            if let newline = pending[scanned...].firstIndex(of: UInt8(ascii: "\n")) {
                return take(upTo: newline, terminated: true)
            }
            scanned = pending.count
            if pending.count - lineStart > maxLineBytes { throw .lineTooLong(line: lineNumber + 1) }
            if reachedEnd {
                guard lineStart < pending.count else { return nil }
                return take(upTo: pending.count, terminated: false)
            }
            try fill()
        }
    }

    /// Forgets everything read, to read again after the caller seeks the descriptor back to 0.
    public mutating func restart() {
        pending.removeAll(keepingCapacity: true)
        lineStart = 0
        scanned = 0
        bytesRead = 0
        reachedEnd = false
        lineNumber = 0
    }

    private mutating func take(upTo end: Int, terminated: Bool) -> Line {
        lineNumber += 1
        let line = Line(
            bytes: Data(pending[lineStart..<end]), number: lineNumber, offset: bytesRead - pending.count + lineStart,
            isTerminated: terminated)
        lineStart = terminated ? end + 1 : end
        scanned = lineStart
        // A long line (one sample of 50 000 processes is 16 MB) is let go of at once, with the
        // buffer that held it, rather than kept while the caller decodes its copy: that was the
        // peak of replaying a large recording.
        if lineStart > chunkSize, lineStart * 2 > pending.count {
            pending = Array(pending[lineStart...])
            scanned = 0
            lineStart = 0
        }
        return line
    }

    /// Reads the next chunk onto `pending`, or notes the end.
    private mutating func fill() throws(Failure) {
        if lineStart > 0 {
            pending.removeSubrange(0..<lineStart)
            scanned -= lineStart
            lineStart = 0
        }
        var wanted = chunkSize
        switch extent {
        case .firstBytes(let limit):
            wanted = min(wanted, limit - bytesRead)
            guard wanted > 0 else {
                reachedEnd = true
                return
            }
        case .atMost(let limit):
            // Lines wholly within the limit were returned; this one needs more than it allows.
            if bytesRead > limit { throw .inputTooLong(line: lineNumber + 1) }
            // One byte past the limit tells "more than the limit" from "exactly the limit".
            wanted = min(wanted, limit + 1 - bytesRead)
        }
        let old = pending.count
        pending.append(contentsOf: repeatElement(0, count: wanted))
        let fd = descriptor
        let (count, code): (Int, Int32) = pending.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return (0, 0) }
            return Self.readRetrying(fd, into: base + old, count: wanted)
        }
        pending.removeSubrange((old + max(count, 0))...)
        guard count >= 0 else { throw .readFailed(line: lineNumber + 1, errno: code) }
        bytesRead += count
        if count == 0 { reachedEnd = true }
    }

    /// read(2), retried when interrupted, and waiting with poll(2) on a descriptor left
    /// non-blocking by whoever passed it on: (bytes, 0), or (-1, errno).
    private static func readRetrying(_ fd: Int32, into buffer: UnsafeMutableRawPointer, count: Int) -> (Int, Int32) {
        while true {
            let n = read(fd, buffer, count)
            if n >= 0 { return (n, 0) }
            let code = errno
            if code == EINTR { continue }
            if code == EAGAIN || code == EWOULDBLOCK {
                var wait = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                if poll(&wait, 1, -1) >= 0 || errno == EINTR { continue }
            }
            return (-1, code)
        }
    }
}
