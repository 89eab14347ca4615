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
            if let row = quickCounters(bytes, from: position, end: end) {
                rows.append(row)
            } else if skipSpaces(bytes, from: position) < end {
                // The careful reader, for the error it names (or the odd row the quick one refuses).
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

    /// One well-formed row in a single pass of plain byte loops: six fields of digits (time
    /// as `M:SS.hh`), separated by spaces; nil for anything else, which `readCounters` then
    /// reads or names. This is the whole cost of a counters run on 50 000 processes.
    @inline(__always)
    private static func quickCounters(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, end: Int) -> ProcessCounters? {
        var i = start
        @inline(__always) func number() -> Int? {
            while i < end, bytes[i] == space { i += 1 }
            let first = i
            var value = 0
            while i < end {
                let digit = bytes[i] &- UInt8(ascii: "0")
                if digit > 9 { break }
                value = value &* 10 &+ Int(digit)
                i += 1
            }
            return i > first && i - first <= 18 && (i == end || bytes[i] == space) ? value : nil
        }
        guard let jid = number(), let pid = number(), let kib = number(), kib <= Int.max / 1024 else { return nil }
        // time: minutes, ':', two digits of seconds, '.', two digits of hundredths.
        while i < end, bytes[i] == space { i += 1 }
        var minutes = 0, digits = 0
        while i < end, bytes[i] &- UInt8(ascii: "0") <= 9 {
            minutes = minutes &* 10 &+ Int(bytes[i] &- UInt8(ascii: "0"))
            i += 1
            digits += 1
        }
        guard digits > 0, digits <= 12, i + 6 <= end, bytes[i] == UInt8(ascii: ":"), bytes[i + 3] == UInt8(ascii: ".") else { return nil }
        let s1 = bytes[i + 1] &- UInt8(ascii: "0"), s2 = bytes[i + 2] &- UInt8(ascii: "0")
        let h1 = bytes[i + 4] &- UInt8(ascii: "0"), h2 = bytes[i + 5] &- UInt8(ascii: "0")
        guard s1 <= 5, s2 <= 9, h1 <= 9, h2 <= 9 else { return nil }
        i += 6
        guard i == end || bytes[i] == space else { return nil }
        let hundredths = (minutes &* 60 &+ Int(s1) &* 10 &+ Int(s2)) &* 100 &+ Int(h1) &* 10 &+ Int(h2)
        guard let elapsed = number(), let threads = number() else { return nil }
        while i < end, bytes[i] == space { i += 1 }
        guard i == end else { return nil }
        return ProcessCounters(
            jid: jid, pid: pid, rssBytes: kib &* 1024, cpuTimeS: Double(hundredths) / 100, elapsedS: elapsed, threads: threads)
    }

    @inline(__always)
    private static func readCounters(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, end: Int, line: Int
    ) throws(ToolOutputError) -> ProcessCounters {
        var scan = RowScanner(bytes: bytes, index: start, line: line)
        let jid = try scan.requiredInteger("jid", within: JailProcess.Limits.id)
        let pid = try scan.requiredInteger("pid", within: JailProcess.Limits.id)
        let rss = try scan.kibibytes("rss")
        let time = try scan.cpuTime()
        let elapsed = try scan.elapsedSeconds()
        let threads = try scan.requiredInteger("nlwp", within: JailProcess.Limits.threads)
        let rest = skipSpaces(bytes, from: scan.index)
        guard rest == end else {
            throw invalid(bytes, rest..<end, keyword: "nlwp", expected: "the end of the row", line: line)
        }
        return ProcessCounters(jid: jid, pid: pid, rssBytes: rss, cpuTimeS: time, elapsedS: elapsed, threads: threads)
    }
}
