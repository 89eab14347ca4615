import ArgumentParser
import JailtopModel

/// Writing to stdout and stderr for batch subcommands: data to stdout only, diagnostics to
/// stderr as `jailtop: message`, so pipes get clean output.
enum Output {
    static func lines(_ lines: [String]) {
        guard !lines.isEmpty else { return }
        try? bytes(Array((lines.joined(separator: "\n") + "\n").utf8))
    }

    /// Bytes to stdout as they are, in as few write(2) calls as the pipe takes (a large sample
    /// is ~20 MB); a closed pipe or full disk is an error naming why.
    static func bytes(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { buffer in try write(buffer, to: STDOUT_FILENO) }
    }

    /// Bytes to stdout as `produce` hands them over, piece by piece (a table written in pieces).
    static func pieces(_ produce: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
        try produce { buffer in try write(buffer, to: STDOUT_FILENO) }
    }

    /// One value as a line of compact JSON with sorted keys (`RecordingEncoding`), handed to
    /// `write` whole, straight from the encoder's buffer: a recording's line is whole or absent.
    static func jsonLine(_ value: some JSONWritable, to write: (UnsafeRawBufferPointer) throws -> Void) throws {
        try RecordingEncoding.write(value, to: write)
    }

    /// One value as a JSON line on stdout, written as it is made, in 256 KiB pieces: a 20 MB
    /// sample never sits in memory whole. (A value JSON cannot hold, which no tool's number
    /// becomes, cuts the line short: the command then fails, saying why.)
    static func jsonLine(_ value: some JSONWritable) throws {
        try RecordingEncoding.stream(value) { buffer in try write(buffer, to: STDOUT_FILENO) }
    }

    static func warn(_ message: String) {
        try? Array("jailtop: \(SanitizedText.clean(message))\n".utf8).withUnsafeBytes { try write($0, to: STDERR_FILENO) }
    }

    /// Ends a wrong command line: ArgumentParser's message (what was wrong, then the usage) on
    /// stderr as it wrote it, and exit status 2.
    static func usageFailure(_ message: String) -> Never {
        let text = message.hasSuffix("\n") ? message : message + "\n"
        try? Array(text.utf8).withUnsafeBytes { try write($0, to: STDERR_FILENO) }
        exit(2)
    }

    /// Why stdout or stderr could not take what was written.
    struct WriteFailure: Error, CustomStringConvertible {
        var errno: Int32
        var description: String { "cannot write the output: \(String(cString: strerror(errno)))" }
    }

    private static func write(_ buffer: UnsafeRawBufferPointer, to fd: Int32) throws {
        var offset = 0
        while offset < buffer.count {
            let n = systemWrite(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw WriteFailure(errno: errno)
            }
            offset += n
        }
    }

    /// Ends a batch command that has written its whole answer (unbuffered, so nothing is left to
    /// flush): exits now, leaving the sample to the kernel instead of releasing 50 000 rows and
    /// their strings one by one on the way out (about a tenth of `snapshot` at 1000 jails).
    static func finished() -> Never {
        exit(0)
    }

    /// Runs a command's body: an error is one `jailtop: …` line on stderr and exit status 1.
    /// - Parameter cancelOnSignals: SIGTERM, SIGINT and SIGHUP cancel the body (tearing down the
    ///   tools it runs) and end jailtop with the signal (`TerminationSignals`).
    static func reportingErrors(cancelOnSignals: Bool = false, _ body: @escaping @Sendable () async throws -> Void) async throws {
        do {
            if cancelOnSignals {
                try await TerminationSignals.run(body)
            } else {
                try await body()
            }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            warn("\(error)")
            throw ExitCode(1)
        }
    }

    /// `HH:MM:SS` of a sample time in the local time zone (TZ), as top(1) shows it.
    static func clock(_ time: Double) -> String {
        // A time from a file may be anything; clamp so the conversion cannot trap.
        var t = time_t(Units.clampedInt(time) ?? 0)
        var parts = tm()
        localtime_r(&t, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday)) \(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))"
    }
}

/// write(2), named apart from `Output.write`.
private func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, bytes, count)
}
