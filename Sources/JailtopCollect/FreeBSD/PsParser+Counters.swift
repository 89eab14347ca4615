import JailtopModel

/// The figures of one process that change from one refresh to the next and that every jail's
/// totals and rates need: what a counters run of ps (`PsParser.counterArguments`) prints.
public struct ProcessCounters: Sendable, Equatable {
    public var jid: Int
    public var pid: Int
    public var rssBytes: Int
    /// Accumulated CPU time (user + system) in seconds.
    public var cpuTimeS: Double
    public var elapsedS: Int
    public var threads: Int

    public init(jid: Int, pid: Int, rssBytes: Int, cpuTimeS: Double, elapsedS: Int, threads: Int) {
        self.jid = jid
        self.pid = pid
        self.rssBytes = rssBytes
        self.cpuTimeS = cpuTimeS
        self.elapsedS = elapsedS
        self.threads = threads
    }
}

extension PsParser {
    /// jid, pid, rss, time, etimes and nlwp: numbers only, so a row is about 40 bytes where the
    /// steady layout's is 110 (comm is padded to its widest value) and the full one's 160. The
    /// dashboard reads every process this way and the processes of the jails it lists in the
    /// steady layout; on a 50 000-process host that is 2 MB a refresh instead of 5.4.
    static let counterColumns: [(keyword: String, header: String)] = [
        ("jid", "JID"), ("pid", "PID"), ("rss", "RSS"), ("time", "TIME"), ("etimes", "ETIMES"), ("nlwp", "NLWP"),
    ]

    /// Every process, counters only (`-ww` as everywhere: ps cuts lines to the terminal's
    /// width, or to 79 columns without one, and none of these is worth a second thought).
    public static let counterArguments: [String] = ["-ax", "-ww"] + counterColumns.flatMap { ["-o", "\($0.keyword)=\($0.header)"] }

    /// Every row of a counters run that can be read; a bad row costs only that process.
    /// - Throws: when the header is not the one asked for.
    public static func parseCounters(_ output: [UInt8]) throws(ToolOutputError) -> Parsed<[ProcessCounters]> {
        let result: Result<Parsed<[ProcessCounters]>, ToolOutputError> = output.withUnsafeBufferPointer { bytes in
            do throws(ToolOutputError) {
                return .success(try parseCounters(buffer: bytes))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private static func parseCounters(buffer bytes: UnsafeBufferPointer<UInt8>) throws(ToolOutputError) -> Parsed<[ProcessCounters]> {
        var position = try readTitles(bytes, counterColumns).next
        var rows: [ProcessCounters] = []
        rows.reserveCapacity(bytes.count / 40)
        var skipped = SkippedRows()
        var line = 2
        while position < bytes.count {
            let end = lineEnd(bytes, from: position)
            // A line of nothing but spaces (a trailing blank line) carries no process.
            if skipSpaces(bytes, from: position) < end {
                do throws(ToolOutputError) {
                    rows.append(try readCounters(bytes, from: position, end: end, line: line))
                } catch {
                    skipped.skip(error)
                }
            }
            position = end + 1
            line += 1
        }
        return Parsed(rows, skipped: skipped)
    }

    @inline(__always)
    private static func readCounters(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, end: Int, line: Int
    ) throws(ToolOutputError) -> ProcessCounters {
        var scan = RowScanner(bytes: bytes, index: start, line: line)
        let jid = try scan.requiredInteger("jid")
        let pid = try scan.requiredInteger("pid")
        let rss = try scan.kibibytes("rss")
        let time = try scan.cpuTime()
        let elapsed = try scan.elapsedSeconds()
        let threads = try scan.requiredInteger("nlwp")
        let rest = skipSpaces(bytes, from: scan.index)
        guard rest == end else {
            throw invalid(bytes, rest..<end, keyword: "nlwp", expected: "the end of the row", line: line)
        }
        return ProcessCounters(jid: jid, pid: pid, rssBytes: rss, cpuTimeS: time, elapsedS: elapsed, threads: threads)
    }
}
