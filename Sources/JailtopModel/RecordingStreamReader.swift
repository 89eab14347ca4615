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

/// Reads a recording from a file descriptor one line at a time, with the checks of
/// `Recording(data:source:)`, so a recording of any size replays holding one line and one
/// sample. It never closes the descriptor: its owner does.
public final class RecordingStreamReader {
    public let source: String
    public private(set) var header: RecordingHeader
    /// The cut-off last line, once it has been reached (it ends the pass).
    public private(set) var incompleteLine: IncompleteLine?
    /// Samples read since the start (or the last rewind).
    public private(set) var samplesRead = 0
    private var lines: BoundedLineReader
    private var checker: RecordingLineChecker

    /// Reads up to and including the header.
    /// - Parameters:
    ///   - source: the file name used in messages.
    ///   - extent: how much of the input to read (see `BoundedLineReader.Extent`).
    ///   - maxLineBytes: the longest line accepted.
    /// - Throws: `RecordingError` for a missing or malformed header, a line over the limit,
    ///   or a failed read.
    public init(
        descriptor: Int32, source: String, extent: BoundedLineReader.Extent, maxLineBytes: Int, chunkSize: Int = 1 << 20
    ) throws(RecordingError) {
        var lines = BoundedLineReader(descriptor: descriptor, extent: extent, maxLineBytes: maxLineBytes, chunkSize: chunkSize)
        var checker = RecordingLineChecker(source: source)
        let header = try RecordingStreamReader.readHeader(lines: &lines, checker: &checker, source: source)
        self.source = source
        self.header = header
        self.lines = lines
        self.checker = checker
    }

    /// The next sample, or nil at the end of the recording (or at a cut-off last line).
    /// - Throws: `RecordingError` naming the line and field that was wrong.
    public func next() throws(RecordingError) -> Snapshot? {
        while let line = try RecordingStreamReader.nextLine(&lines, source: source) {
            switch try checker.check(line.bytes, number: line.number, offset: line.offset, isTerminated: line.isTerminated) {
            case .blank, .header:
                continue
            case .sample(let snapshot):
                samplesRead += 1
                return snapshot
            case .incomplete(let cut):
                incompleteLine = cut
                return nil
            }
        }
        return nil
    }

    /// Goes back to line 1 (the descriptor must be a seekable file) and checks the header again.
    /// - Throws: `RecordingError` if the file cannot be read again from the start.
    public func rewind() throws(RecordingError) {
        guard lseek(lines.descriptor, 0, SEEK_SET) == 0 else {
            throw RecordingError(
                source: source, line: 1, field: "file", message: "cannot be read again from the start: \(systemErrorMessage(errno))")
        }
        lines.restart()
        checker.restart()
        samplesRead = 0
        header = try RecordingStreamReader.readHeader(lines: &lines, checker: &checker, source: source)
    }

    /// The error for a recording that ended before its first sample.
    public func noSamplesError() -> RecordingError {
        do {
            _ = try checker.finish(lastLine: lines.lineNumber, samples: samplesRead, incomplete: incompleteLine)
            return RecordingError(source: source, line: lines.lineNumber, field: "snapshot", message: "the recording has a header but no samples")
        } catch {
            return error
        }
    }

    private static func readHeader(
        lines: inout BoundedLineReader, checker: inout RecordingLineChecker, source: String
    ) throws(RecordingError) -> RecordingHeader {
        while let line = try nextLine(&lines, source: source) {
            if case .header(let header) = try checker.check(line.bytes, number: line.number, offset: line.offset, isTerminated: true) {
                return header
            }
        }
        // Ended before a header: the checker says so in the words of Recording(data:source:).
        return try checker.finish(lastLine: lines.lineNumber, samples: 0, incomplete: nil)
    }

    private static func nextLine(_ lines: inout BoundedLineReader, source: String) throws(RecordingError) -> BoundedLineReader.Line? {
        do {
            return try lines.next()
        } catch {
            throw RecordingError(source: source, reading: error, lines: lines)
        }
    }

    /// Where a regular file's recording really ends, found before it is streamed: a last line
    /// cut off mid-write is left out (and returned, to warn about at once rather than after a
    /// whole pass). Only the end of the file is read, never more than one line of it.
    /// - Parameters:
    ///   - size: the file's size when it was opened.
    /// - Returns: the offset to read up to, and the cut-off line if there is one (its line
    ///   number unknown: the lines before it are not counted).
    public static func endOfCompleteLines(
        descriptor: Int32, size: Int, source: String, maxLineBytes: Int
    ) throws(RecordingError) -> (end: Int, incomplete: IncompleteLine?) {
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        var start = size
        var foundNewline = false
        while start > 0, size - start <= maxLineBytes {
            let count = min(buffer.count, start)
            let from = start - count
            try readFully(descriptor, into: &buffer, count: count, at: from, source: source)
            if let newline = buffer[0..<count].lastIndex(of: UInt8(ascii: "\n")) {
                start = from + newline + 1
                foundNewline = true
                break
            }
            start = from
        }
        // Ends with a newline; or one line only (the header, judged by the usual checks); or a
        // last line too long to be a sample, which the reader reports when it gets there.
        guard foundNewline, start < size, size - start <= maxLineBytes else { return (size, nil) }
        var tail = [UInt8](repeating: 0, count: size - start)
        try readFully(descriptor, into: &tail, count: tail.count, at: start, source: source)
        guard RecordingLineChecker.isCutOffSample(Data(tail)) else { return (size, nil) }
        return (start, IncompleteLine(source: source, line: nil, offset: start, length: size - start))
    }

    /// pread(2) of exactly `count` bytes at `offset`.
    private static func readFully(
        _ fd: Int32, into buffer: inout [UInt8], count: Int, at offset: Int, source: String
    ) throws(RecordingError) {
        var done = 0
        while done < count {
            let n = buffer.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return pread(fd, base + done, count - done, off_t(offset + done))
            }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else {
                let message = n == 0 ? "ended before its size (was it truncated?)" : "read failed: \(systemErrorMessage(errno))"
                throw RecordingError(source: source, line: 1, field: "file", message: message)
            }
            done += n
        }
    }
}

extension RecordingError {
    /// A line reader's failure, in the `FILE:LINE: field: what was wrong` form.
    init(source: String, reading failure: BoundedLineReader.Failure, lines: BoundedLineReader) {
        switch failure {
        case .lineTooLong(let line):
            self.init(
                source: source, line: line, field: "line",
                message: "longer than \(ByteCount.text(lines.maxLineBytes)) without a newline: not a recording (one sample of 50 000 processes is about 20 MB)")
        case .inputTooLong(let line):
            var limit = 0
            if case .atMost(let bytes) = lines.extent { limit = bytes }
            self.init(
                source: source, line: line, field: "file",
                message: "more than \(ByteCount.text(limit)) from a stream: save it to a file and replay that (a file is read as it replays)")
        case .readFailed(let line, let code):
            self.init(source: source, line: line, field: "file", message: "read failed: \(systemErrorMessage(code))")
        }
    }
}

extension Recording {
    /// Reads a whole recording from a file descriptor, line by line, holding the samples
    /// decoded and never more than one line of text.
    /// - Throws: `RecordingError` as `Recording(data:source:)` does, and for a line over the
    ///   limit, input past the extent, or a failed read.
    public init(
        descriptor: Int32, source: String, extent: BoundedLineReader.Extent, maxLineBytes: Int, chunkSize: Int = 1 << 20
    ) throws(RecordingError) {
        let reader = try RecordingStreamReader(
            descriptor: descriptor, source: source, extent: extent, maxLineBytes: maxLineBytes, chunkSize: chunkSize)
        var snapshots: [Snapshot] = []
        while let snapshot = try reader.next() { snapshots.append(snapshot) }
        guard !snapshots.isEmpty else { throw reader.noSamplesError() }
        self.init(header: reader.header, snapshots: snapshots, incompleteLine: reader.incompleteLine)
    }
}

/// Byte counts in messages: "64 MiB", or "1000 bytes" when not a whole number of MiB.
enum ByteCount {
    static func text(_ bytes: Int) -> String {
        bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : "\(bytes) bytes"
    }
}
