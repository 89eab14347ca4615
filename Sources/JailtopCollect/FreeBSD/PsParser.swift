#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import JailtopModel

/// Reads the text output of `ps -ax -ww -o jid=JID -o pid=PID … -o args=ARGS` into processes,
/// byte by byte, fast enough for a refresh of a host with 50 000 processes.
///
/// ## How ps lays the text out (FreeBSD 13–15, bin/ps/ps.c, print.c, fmt.c; libxo)
/// - `format_output()` renders every value of every process first and sets each column's width
///   to the longest value's `strlen()` (or the header's): **widths are global, not per row**.
///   Then `printheader()` and the rows are written with those widths.
/// - Each value goes through `xo_emit("{:field/%-W..2048hs}")`: `-` (left-aligned) for LJUST
///   keywords (`user`, `state`, `comm`, `args`), right-aligned otherwise, one space between
///   columns, no padding on a left-aligned last column. `..2048` (`_POSIX2_LINE_MAX`) caps every
///   value at 2048 columns even with `-ww`. `%hs` means "in the locale's encoding": libxo
///   decodes with mbrtowc(3), writes back with wcrtomb(3) and pads in *display columns*
///   (`LibxoColumnWidth`), while ps measured *bytes*.
/// - `comm` is `ki_comm` (MAXCOMLEN = 19 bytes, cut bytewise) printed raw: any process can name
///   itself with spaces, ESC or a newline. `args` is vis(3)-escaped twice (fmt.c `shquote`
///   per argument with VIS_NL|VIS_CSTYLE, then print.c `arguments` with VIS_TAB|VIS_NL|
///   VIS_NOSLASH), so it holds no raw control character; `[comm]` when argv cannot be read and
///   ` (comm)` appended when argv[0]'s last component differs from comm in its first 39 bytes.
/// - The two encodings jailtop can ask for (`Encoding`):
///   - `.c` (LC_ALL=C): every byte is one character of width 1 (0 for C0 controls and DEL), so
///     libxo pads names by bytes; vis escapes every byte ≥ 0x80 (`\M-f\M^W\M-%` is 日).
///   - `.utf8` (LC_CTYPE=C.UTF-8): names and printable arguments arrive as UTF-8; a byte that is
///     not valid UTF-8 comes out as `?`; a name pads by display width, so "日本" (6 bytes,
///     4 columns) gets two more bytes of padding than its strlen suggests.
///
/// ## How the columns are split
/// The header fixes the column order and gives the comm column's width: "COMM" and "ARGS" are
/// left-aligned titles, so ARGS starts exactly `width + 1` bytes after COMM. Then per row:
/// - the 15 fields before comm never contain a space (numbers, `M:SS.hh` times, `-`, the user
///   name, state letters), so each is the next run of non-space bytes — right alignment only
///   adds leading spaces, and a user name wider than its column cannot shift anything;
/// - `nice` is right-aligned, so comm starts exactly one byte after its last digit (this keeps
///   a comm's own leading spaces);
/// - the comm field is walked column by column exactly as libxo counted it in the run's
///   encoding until the comm width is reached; the next byte must be the separating space, and
///   everything after it up to the newline is args. A raw newline within the first 19 bytes is
///   part of a hostile name and is crossed — unless the field starts with the separator itself
///   and a well-formed row follows, in which case the row ended there.
/// - Counting one column too many would stop the walk on the last padding space and hand the
///   separator to args (the "leading space" of issue 10); so the walk never guesses: if it does
///   not land on the separator, the other encoding's walk is tried, then an empty comm field,
///   and as a last resort comm ends at the next space. Only that row's comm/args boundary can be
///   off; its numbers are always right, and a hostile name never makes the whole list fail.
///   (Text output cannot stop a name with a newline plus crafted args from looking like an extra
///   row.)
///
/// ## Speed
/// One pass over the bytes, no Foundation, no per-line Strings. Padding, field ends and line ends
/// are found eight bytes at a time; numbers are converted while they are scanned; user, state,
/// comm and args strings that repeat across rows (most of them on a hosting box) come from a small
/// direct-mapped cache instead of being validated and allocated again.
public enum PsParser {
    /// Which columns ps is asked for.
    public enum Layout: Sendable {
        /// Every column, the argument list last: what a new process needs (and batch commands).
        case full
        /// What changes between refreshes: no `user` (a function of the uid, kept from the full
        /// read) and no `args`, which makes ps read every process's argv from the kernel, one
        /// sysctl per process. The last column is the pid again, titled `PIDCHECK`: comm then
        /// keeps its padded, header-measured width (a last left-aligned column is not padded,
        /// so a raw newline in a name could not be told from the row's end), and the repeated
        /// pid proves that the comm walk landed on the separator.
        case withoutArguments
    }

    /// The columns requested from ps: keyword and the header title it is given.
    static func columns(_ layout: Layout) -> [(keyword: String, header: String)] {
        switch layout {
        case .full: fullColumns
        case .withoutArguments: steadyColumns
        }
    }

    private static let fullColumns: [(keyword: String, header: String)] = [
        ("jid", "JID"), ("pid", "PID"), ("ppid", "PPID"), ("uid", "UID"), ("user", "USER"),
        ("%cpu", "CPU"), ("%mem", "MEM"), ("rss", "RSS"), ("vsz", "VSZ"), ("time", "TIME"),
        ("etimes", "ETIMES"), ("state", "STAT"), ("nlwp", "NLWP"), ("pri", "PRI"), ("nice", "NI"),
        ("comm", "COMM"), ("args", "ARGS"),
    ]

    /// The full columns without `user`, and `pid=PIDCHECK` for `args`: the title is wider than
    /// any pid (PID_MAX is 99999), so the right-aligned column starts where its title does.
    private static let steadyColumns: [(keyword: String, header: String)] =
        fullColumns.filter { $0.keyword != "user" && $0.keyword != "args" } + [("pid", "PIDCHECK")]

    /// The argv after the program path.
    ///
    /// One `-o` per keyword on purpose: in FreeBSD's `parsefmt()` (bin/ps/keyword.c) an item
    /// containing `=` "specifies a column header, may contain embedded separator characters and
    /// is always the last item", so `-o jid=JID,pid=PID,…` would be ONE column `jid` titled
    /// `JID,pid=PID,…`. `args` is last so it is never cut to 16 characters (print.c
    /// ARGUMENTS_WIDTH); `-ww` lifts the terminal-width limit.
    public static let arguments: [String] = arguments(.full)

    /// Every process in `layout`.
    public static func arguments(_ layout: Layout) -> [String] {
        ["-ax", "-ww"] + outputOptions(layout)
    }

    /// Only these processes, with every column (their argument lists) or in `layout`. ps(1):
    /// `-p` takes a list separated by commas, and selects the processes even without `-x`; `-a`
    /// is left out because it would select every process again.
    public static func arguments(forProcesses pids: [Int], layout: Layout = .full) -> [String] {
        ["-ww"] + outputOptions(layout) + ["-p", pids.map(String.init).joined(separator: ",")]
    }

    private static func outputOptions(_ layout: Layout) -> [String] {
        columns(layout).flatMap { ["-o", "\($0.keyword)=\($0.header)"] }
    }

    /// MAXCOMLEN: the longest `ki_comm`, so a raw newline can only appear this close to the
    /// start of the comm field.
    static let maximumCommandNameLength = 19

    /// The character encoding ps ran in, which decides how libxo counted the comm column.
    public enum Encoding: Sendable {
        /// LC_ALL=C: one column per byte (none for C0 controls and DEL).
        case c
        /// A UTF-8 LC_CTYPE: one column per character as libxo's xo_wcwidth counts it.
        case utf8
    }

    /// Every row that can be read; a row that cannot (a field out of range, a clock step's
    /// negative etimes on an old ps) costs only that process.
    /// - Parameter encoding: the locale ps was run in (`ToolLocale`); it must be the real one,
    ///   because the same bytes split differently under the two.
    /// - Throws: when the header is not the one asked for: then no row can be placed.
    public static func parseRows(_ output: [UInt8], encoding: Encoding = .utf8) throws(ToolOutputError) -> Parsed<[JailProcess]> {
        try parseRows(output, encoding: encoding, layout: .full).rows
    }

    /// Rows in either layout. `.withoutArguments` rows have an empty user and args (kept from
    /// the process's full read); `unconfirmed` lists the pids whose comm split the repeated pid
    /// did not confirm (always empty for `.full`).
    public static func parseRows(
        _ output: [UInt8], encoding: Encoding, layout: Layout
    ) throws(ToolOutputError) -> (rows: Parsed<[JailProcess]>, unconfirmed: [Int]) {
        let result: Result<(rows: Parsed<[JailProcess]>, unconfirmed: [Int]), ToolOutputError> = output.withUnsafeBufferPointer { buffer in
            do throws(ToolOutputError) {
                let (rows, unconfirmed) = try parse(buffer: buffer, encoding: encoding, layout: layout)
                return .success((rows, unconfirmed))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Every row, or the first bad row's error.
    public static func parse(_ output: [UInt8], encoding: Encoding = .utf8) throws(ToolOutputError) -> [JailProcess] {
        try parseRows(output, encoding: encoding).strict()
    }

    // MARK: - Header

    /// Checks the header line and returns the comm column's width and the offset after it.
    static func readHeader(
        _ bytes: UnsafeBufferPointer<UInt8>, layout: Layout
    ) throws(ToolOutputError) -> (commWidth: Int, next: Int) {
        let (starts, next) = try readTitles(bytes, columns(layout))
        // comm and the column after it are left-aligned titles: comm is as wide as the gap.
        return (starts[starts.count - 1] - starts[starts.count - 2] - 1, next)
    }

    /// Checks that the header line holds exactly these titles, in order, and returns where each
    /// title starts and the offset after the line.
    static func readTitles(
        _ bytes: UnsafeBufferPointer<UInt8>, _ columns: [(keyword: String, header: String)]
    ) throws(ToolOutputError) -> (starts: [Int], next: Int) {
        let end = lineEnd(bytes, from: 0)
        guard end > 0 else {
            throw ToolOutputError(tool: "ps", line: 1, message: "expected a header line, got empty output")
        }
        var position = 0
        var starts: [Int] = []
        starts.reserveCapacity(columns.count)
        for column in columns {
            while position < end, bytes[position] == space { position += 1 }
            guard position < end else {
                throw ToolOutputError(
                    tool: "ps", line: 1, message: "header: missing column \"\(column.header)\" (\(column.keyword))")
            }
            let start = position
            while position < end, bytes[position] != space { position += 1 }
            let title = UnsafeBufferPointer(rebasing: bytes[start..<position])
            guard title.elementsEqual(column.header.utf8) else {
                throw ToolOutputError(
                    tool: "ps", line: 1,
                    message: "header: expected column \"\(column.header)\" (\(column.keyword)), got \(ToolOutputError.quote(title))")
            }
            starts.append(start)
        }
        while position < end, bytes[position] == space { position += 1 }
        if position < end {
            throw ToolOutputError(
                tool: "ps", line: 1,
                message: "header: unexpected text after \(columns[columns.count - 1].header): \(ToolOutputError.quote(UnsafeBufferPointer(rebasing: bytes[position..<end])))")
        }
        return (starts, min(end + 1, bytes.count))
    }

    // MARK: - Rows

    private static func parse(
        buffer bytes: UnsafeBufferPointer<UInt8>, encoding: Encoding, layout: Layout
    ) throws(ToolOutputError) -> (Parsed<[JailProcess]>, unconfirmed: [Int]) {
        let (commWidth, firstRow) = try readHeader(bytes, layout: layout)
        var read = RowsRead()
        read.processes.reserveCapacity((bytes.count - firstRow) / 96)
        var strings = StringCache()
        _ = readRows(
            bytes, from: firstRow, final: true, commWidth: commWidth, encoding: encoding, layout: layout, into: &read,
            strings: &strings)
        return (Parsed(read.processes, skipped: read.skipped), read.unconfirmed)
    }

    /// What reading rows gave so far, and the line number of the next one.
    struct RowsRead {
        var processes: [JailProcess] = []
        /// When set, each row is added to these totals instead of kept in `processes`.
        var totals: ProcessTotals?
        /// The kept rows' totals, as they are read (what a sample's jail summaries are made of).
        var keptTotals = ProcessTotals()
        var skipped = SkippedRows()
        var unconfirmed: [Int] = []
        var nextLine = 2
        /// Whether the kept rows' pids ascend so far, and the last one.
        var pidsAscend = true
        var lastPID = Int.min
    }

    /// Reads the rows of `bytes` (the header already checked) from `start` on, into `read`, and
    /// returns where it stopped. With `final` false, `bytes` is the part of an output received
    /// so far (`RowStream`): a row is begun only while `RowStream.window` bytes or more follow
    /// it, more than a row of ps and the next line's fields it may look at (ps caps each value
    /// at 2048 columns), so every row is read exactly as it would be from the whole output.
    static func readRows(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, final: Bool, commWidth: Int, encoding: Encoding, layout: Layout,
        into read: inout RowsRead, strings: inout StringCache
    ) -> Int {
        let end = final ? bytes.count : bytes.count - RowStream.window
        var position = start
        var line = read.nextLine
        defer { read.nextLine = line }
        while position < end {
            // A line of nothing but spaces (a trailing blank line) carries no process.
            var probe = position
            while probe < bytes.count, bytes[probe] == space { probe += 1 }
            if probe == bytes.count {
                if final { position = probe }
                break
            }
            if bytes[probe] == newline {
                position = probe + 1
                line += 1
                continue
            }
            let rowStart = position, rowLine = line
            do throws(ToolOutputError) {
                if read.totals != nil {
                    // Summed, not kept: no string is made of the row.
                    let fields = try readRowExtent(
                        bytes, at: &position, line: &line, commWidth: commWidth, utf8: encoding == .utf8, layout: layout,
                        unconfirmed: &read.unconfirmed
                    ).fields
                    read.totals!.add(jid: fields.jid, threads: fields.threads, cpu: fields.cpuPercent, rss: fields.rssBytes)
                } else {
                    let row = try readRow(
                        bytes, at: &position, line: &line, commWidth: commWidth, utf8: encoding == .utf8, layout: layout,
                        strings: &strings, unconfirmed: &read.unconfirmed)
                    if row.pid < read.lastPID { read.pidsAscend = false }
                    read.lastPID = row.pid
                    read.keptTotals.add(jid: row.jid, threads: row.threads, cpu: row.cpuPercent, rss: row.rssBytes)
                    read.processes.append(row)
                }
            } catch {
                // Resume at the next line: the bad row is lost, the rest is not.
                read.skipped.skip(error)
                position = min(lineEnd(bytes, from: rowStart) + 1, bytes.count)
                line = rowLine + 1
            }
        }
        return position
    }

    /// The 15 fields before comm, as read from one row.
    struct LeadingFields {
        var jid = 0, pid = 0, ppid = 0, uid = 0
        var user = 0..<0
        var cpuPercent = 0.0, memPercent = 0.0
        var rssBytes = 0, vszBytes = 0
        var cpuTime = 0.0
        var elapsed = 0
        var state = 0..<0
        var threads = 0, priority = 0, nice = 0
        /// Offset just after nice's last digit.
        var end = 0
    }

    /// A read position inside one row, with single-pass scanners for the leading fields: each
    /// skips the alignment spaces and converts digits as it goes, so a field is touched once.
    struct RowScanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var index: Int
        let line: Int

        /// Whether the byte at `index` ends a field (space, newline or end of output).
        @inline(__always)
        func atFieldEnd() -> Bool {
            index == bytes.count || bytes[index] == space || bytes[index] == newline
        }

        @inline(__always)
        mutating func skipSpaces(_ keyword: String) throws(ToolOutputError) {
            index = PsParser.skipSpaces(bytes, from: index)
            guard index < bytes.count, bytes[index] != newline else {
                throw ToolOutputError(tool: "ps", line: line, message: "field \(keyword): missing")
            }
        }

        /// The next run of non-space bytes.
        @inline(__always)
        mutating func token(_ keyword: String) throws(ToolOutputError) -> Range<Int> {
            try skipSpaces(keyword)
            let first = index
            index = PsParser.tokenEnd(bytes, from: index)
            return first..<index
        }

        /// Digits (at most 18) with an optional leading `-`; nil leaves `index` at the field.
        @inline(__always)
        mutating func integer(_ keyword: String, signed: Bool = false) throws(ToolOutputError) -> Int? {
            try skipSpaces(keyword)
            let first = index
            let negative = signed && bytes[index] == UInt8(ascii: "-")
            if negative { index += 1 }
            let digitsStart = index
            var value = 0
            while index < bytes.count {
                let digit = bytes[index] &- UInt8(ascii: "0")
                if digit > 9 { break }
                value = value &* 10 &+ Int(digit)
                index += 1
            }
            let digits = index - digitsStart
            guard digits > 0, digits <= 18, atFieldEnd() else {
                index = first
                return nil
            }
            return negative ? -value : value
        }

        /// `%.1f`-style decimal (a `,` decimal point is accepted too); nil leaves `index` at the field.
        @inline(__always)
        mutating func decimal(_ keyword: String) throws(ToolOutputError) -> Double? {
            try skipSpaces(keyword)
            let first = index
            var mantissa = 0
            var digits = 0
            var scale = 1
            var seenPoint = false
            while index < bytes.count {
                let byte = bytes[index]
                let digit = byte &- UInt8(ascii: "0")
                if digit <= 9 {
                    mantissa = mantissa &* 10 &+ Int(digit)
                    digits += 1
                    if seenPoint { scale &*= 10 }
                } else if !seenPoint, digits > 0, byte == UInt8(ascii: ".") || byte == UInt8(ascii: ",") {
                    seenPoint = true
                } else {
                    break
                }
                index += 1
            }
            guard digits > 0, digits <= 18, !seenPoint || scale > 1, atFieldEnd() else {
                index = first
                return nil
            }
            return scale == 1 ? Double(mantissa) : Double(mantissa) / Double(scale)
        }

        @inline(__always)
        mutating func requiredInteger(_ keyword: String, signed: Bool = false) throws(ToolOutputError) -> Int {
            guard let value = try integer(keyword, signed: signed) else {
                throw invalid(keyword, expected: "an integer")
            }
            return value
        }

        /// The same, within `limits` (what `JailProcess` holds: FreeBSD's 32-bit types).
        @inline(__always)
        mutating func requiredInteger(
            _ keyword: String, signed: Bool = false, within limits: ClosedRange<Int>
        ) throws(ToolOutputError) -> Int {
            let before = index
            let value = try requiredInteger(keyword, signed: signed)
            guard limits.contains(value) else {
                index = before
                throw invalid(keyword, expected: "an integer from \(limits.lowerBound) to \(limits.upperBound)")
            }
            return value
        }

        /// A KiB count as bytes.
        @inline(__always)
        mutating func kibibytes(_ keyword: String) throws(ToolOutputError) -> Int {
            // At most 18 digits, so the product cannot overflow once this check passed.
            let before = index
            guard let value = try integer(keyword), value <= Int.max / 1024 else {
                index = before
                throw invalid(keyword, expected: "a size in KiB")
            }
            return value &* 1024
        }

        /// `etimes`, or 0 for the `-` that `elapseds()` prints (it returns NULL) for a process
        /// whose u-area is swapped out (!ki_valid).
        @inline(__always)
        mutating func elapsedSeconds() throws(ToolOutputError) -> Int {
            if let seconds = try integer("etimes") { return seconds }
            if bytes[index] == UInt8(ascii: "-"), index + 1 == bytes.count || bytes[index + 1] == PsParser.space {
                index += 1
                return 0
            }
            throw invalid("etimes", expected: "whole seconds")
        }

        /// `time`: CPU seconds as `printtime()` writes them.
        @inline(__always)
        mutating func cpuTime() throws(ToolOutputError) -> Double {
            let range = try token("time")
            guard let seconds = PsParser.parseCPUTime(bytes, range) else {
                throw PsParser.invalid(bytes, range, keyword: "time", expected: "a time as M:SS.hh", line: line)
            }
            return seconds
        }

        @inline(__always)
        mutating func percent(_ keyword: String) throws(ToolOutputError) -> Double {
            guard let value = try decimal(keyword) else { throw invalid(keyword, expected: "a number") }
            return value
        }

        /// The field at `index` as an error: `field KEYWORD: expected …, got "…"`.
        mutating func invalid(_ keyword: String, expected: String) -> ToolOutputError {
            while index < bytes.count, bytes[index] == space { index += 1 }
            let first = index
            while index < bytes.count, bytes[index] != space, bytes[index] != newline { index += 1 }
            return PsParser.invalid(bytes, first..<index, keyword: keyword, expected: expected, line: line)
        }
    }

    /// Reads jid … nice starting at `start`. None of these values contains a space, so each is
    /// the next run of non-space bytes whatever its alignment.
    @inline(__always)
    private static func readLeadingFields(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, line: Int, layout: Layout
    ) throws(ToolOutputError) -> LeadingFields {
        // The helpers are RowScanner methods, not local functions: a local function that captures
        // and mutates a variable makes the compiler box it and check exclusivity at run time on
        // every access, which cost more than the parsing itself.
        var scan = RowScanner(bytes: bytes, index: start, line: line)
        var fields = LeadingFields()
        fields.jid = try scan.requiredInteger("jid", within: JailProcess.Limits.id)
        fields.pid = try scan.requiredInteger("pid", within: JailProcess.Limits.id)
        fields.ppid = try scan.requiredInteger("ppid", within: JailProcess.Limits.id)
        fields.uid = try scan.requiredInteger("uid", within: 0...JailProcess.Limits.uid.upperBound)
        if layout == .full { fields.user = try scan.token("user") }
        fields.cpuPercent = try scan.percent("%cpu")
        fields.memPercent = try scan.percent("%mem")
        fields.rssBytes = try scan.kibibytes("rss")
        fields.vszBytes = try scan.kibibytes("vsz")
        fields.cpuTime = try scan.cpuTime()
        fields.elapsed = try scan.elapsedSeconds()
        fields.state = try scan.token("state")
        fields.threads = try scan.requiredInteger("nlwp", within: JailProcess.Limits.threads)
        fields.priority = try scan.requiredInteger("pri", signed: true, within: JailProcess.Limits.small)
        fields.nice = try scan.requiredInteger("nice", signed: true, within: JailProcess.Limits.small)
        fields.end = scan.index
        return fields
    }

    /// Where one row's text fields lie, with its numbers read: all that summing rows needs, and
    /// what `readRow` makes a process of.
    struct RowExtent {
        var fields: LeadingFields
        var command: Range<Int>
        /// Empty in the `.withoutArguments` layout.
        var args: Range<Int>
    }

    /// Reads one process starting at `position`; leaves `position` after its newline.
    @inline(__always)
    private static func readRow(
        _ bytes: UnsafeBufferPointer<UInt8>, at position: inout Int, line: inout Int, commWidth: Int, utf8: Bool,
        layout: Layout, strings: inout StringCache, unconfirmed: inout [Int]
    ) throws(ToolOutputError) -> JailProcess {
        let row = try readRowExtent(
            bytes, at: &position, line: &line, commWidth: commWidth, utf8: utf8, layout: layout, unconfirmed: &unconfirmed)
        let fields = row.fields
        return JailProcess(
            pid: fields.pid, ppid: fields.ppid, jid: fields.jid, uid: fields.uid,
            user: strings.string(bytes, fields.user),
            cpuPercent: fields.cpuPercent, memPercent: fields.memPercent, rssBytes: fields.rssBytes,
            vszBytes: fields.vszBytes, cpuTimeS: fields.cpuTime, elapsedS: fields.elapsed,
            state: strings.string(bytes, fields.state), threads: fields.threads, priority: fields.priority,
            nice: fields.nice, command: strings.string(bytes, row.command),
            args: strings.string(bytes, row.args))
    }

    /// Reads one row's numbers and finds its comm and args, making no string; leaves
    /// `position` after its newline.
    @inline(__always)
    private static func readRowExtent(
        _ bytes: UnsafeBufferPointer<UInt8>, at position: inout Int, line: inout Int, commWidth: Int, utf8: Bool,
        layout: Layout, unconfirmed: inout [Int]
    ) throws(ToolOutputError) -> RowExtent {
        let rowLine = line
        let fields = try readLeadingFields(bytes, from: position, line: rowLine, layout: layout)

        // comm starts one byte after nice's last digit (nice is right-aligned).
        guard fields.end < bytes.count, bytes[fields.end] == space else {
            throw ToolOutputError(tool: "ps", line: rowLine, message: "field comm: missing")
        }
        let commStart = fields.end + 1
        var commEnd: Int, args: Range<Int>
        if layout == .withoutArguments {
            // comm, then the pid again. The pid goes into `unconfirmed` when no split of the
            // comm field was confirmed by the repeated pid: its numbers are right, its name may
            // not be (the collector then reads that process in full).
            let split = splitSteadyRow(bytes, commStart: commStart, commWidth: commWidth, utf8: utf8, pid: fields.pid)
            if !split.checked { unconfirmed.append(fields.pid) }
            position = split.rowEnd < bytes.count ? split.rowEnd + 1 : split.rowEnd
            line += split.newlines + 1
            commEnd = split.commEnd
            args = 0..<0
        } else {
            let split = try splitCommAndArgs(bytes, commStart: commStart, commWidth: commWidth, utf8: utf8, line: &line, rowLine: rowLine)
            let argsEnd = lineEnd(bytes, from: split.argsStart)
            position = argsEnd < bytes.count ? argsEnd + 1 : argsEnd
            line += 1
            commEnd = split.commEnd
            args = split.argsStart..<argsEnd
        }
        while commEnd > commStart, bytes[commEnd - 1] == space { commEnd -= 1 }
        return RowExtent(fields: fields, command: commStart..<commEnd, args: args)
    }

    /// Where comm ends and the row ends (its newline), and whether the row's last field is its
    /// pid again. Tried in order: the comm walk in the run's encoding, in the other one, then
    /// each newline within a name's reach of comm (a raw newline in a name) whose line ends in
    /// the pid. Failing all, the row ends at its first newline and comm at its first space.
    private static func splitSteadyRow(
        _ bytes: UnsafeBufferPointer<UInt8>, commStart: Int, commWidth: Int, utf8: Bool, pid: Int
    ) -> (commEnd: Int, rowEnd: Int, newlines: Int, checked: Bool) {
        for attempt in 0..<2 {
            let walk = walkCommColumn(
                bytes, commStart: commStart, commWidth: commWidth, utf8: attempt == 0 ? utf8 : !utf8, layout: .withoutArguments)
            guard walk.columns >= commWidth, walk.end < bytes.count, bytes[walk.end] == space else { continue }
            let end = lineEnd(bytes, from: walk.end)
            if trailingPID(bytes, walk.end..<end, equals: pid) != nil { return (walk.end, end, walk.newlines, true) }
        }
        var end = lineEnd(bytes, from: commStart)
        var newlines = 0
        while true {
            if let padding = trailingPID(bytes, commStart..<end, equals: pid) { return (padding, end, newlines, true) }
            guard end < bytes.count, end - commStart < commWidth + maximumCommandNameLength else { break }
            end = lineEnd(bytes, from: end + 1)
            newlines += 1
        }
        let firstEnd = lineEnd(bytes, from: commStart)
        var firstSpace = commStart
        while firstSpace < firstEnd, bytes[firstSpace] != space { firstSpace += 1 }
        return (firstSpace, firstEnd, 0, false)
    }

    /// If `range` ends with a space, optional padding and exactly `pid`'s digits, where that
    /// space is (the end of the comm field); else nil.
    @inline(__always)
    private static func trailingPID(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, equals pid: Int) -> Int? {
        var index = range.upperBound
        var value = 0, scale = 1, digits = 0
        while index > range.lowerBound {
            let digit = bytes[index - 1] &- UInt8(ascii: "0")
            guard digit <= 9 else { break }
            guard digits < 18 else { return nil }
            value &+= Int(digit) &* scale
            scale &*= 10
            digits += 1
            index -= 1
        }
        guard digits > 0, value == pid, index > range.lowerBound, bytes[index - 1] == space else { return nil }
        while index > range.lowerBound, bytes[index - 1] == space { index -= 1 }
        return index
    }

    /// Whether a well-formed row (jid … nice and the space before comm) starts at `start`.
    private static func rowStarts(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, layout: Layout) -> Bool {
        guard let fields = try? readLeadingFields(bytes, from: start, line: 0, layout: layout) else { return false }
        return fields.end < bytes.count && bytes[fields.end] == space
    }

    /// Finds where the comm field ends (before its padding is trimmed) and where args start.
    /// Advances `line` past any raw newline inside the comm field.
    @inline(__always)
    private static func splitCommAndArgs(
        _ bytes: UnsafeBufferPointer<UInt8>, commStart: Int, commWidth: Int, utf8: Bool, line: inout Int, rowLine: Int
    ) throws(ToolOutputError) -> (commEnd: Int, argsStart: Int) {
        // The run's own encoding first, then the other one (a ps that could not load the UTF-8
        // locale, or a name libxo counted differently than expected).
        for attempt in 0..<2 {
            let walk = walkCommColumn(bytes, commStart: commStart, commWidth: commWidth, utf8: attempt == 0 ? utf8 : !utf8)
            guard walk.columns >= commWidth else { continue }
            if walk.end == bytes.count || bytes[walk.end] == newline {
                // Nothing after the comm column: an empty args value.
                line += walk.newlines
                return (walk.end, walk.end)
            }
            if bytes[walk.end] == space {
                line += walk.newlines
                return (walk.end, walk.end + 1)
            }
        }
        // Neither walk landed on the separator. The row stays on its own line.
        let lineEnd = lineEnd(bytes, from: commStart)
        guard lineEnd > commStart else {
            throw ToolOutputError(tool: "ps", line: rowLine, message: "field comm: missing")
        }
        if bytes[commStart] == space {
            // An empty comm field: the separator follows at once.
            return (commStart, commStart + 1)
        }
        // Last resort: the name ends at the first space and args start after the spaces.
        var firstSpace = commStart
        while firstSpace < lineEnd, bytes[firstSpace] != space { firstSpace += 1 }
        var argsStart = firstSpace
        while argsStart < lineEnd, bytes[argsStart] == space { argsStart += 1 }
        return (firstSpace, argsStart)
    }

    /// Walks the comm field until `commWidth` columns as libxo counted them (or the end of the
    /// row): in UTF-8 by `LibxoColumnWidth`, in the C locale one column per byte ≥ 0x20 except
    /// DEL. Returns where it stopped, the columns counted and the raw newlines crossed.
    @inline(__always)
    private static func walkCommColumn(
        _ bytes: UnsafeBufferPointer<UInt8>, commStart: Int, commWidth: Int, utf8: Bool, layout: Layout = .full
    ) -> (end: Int, columns: Int, newlines: Int) {
        var index = commStart
        var columnsUsed = 0
        var newlinesCrossed = 0
        // Fast path: eight printable ASCII bytes (one column each) at a time.
        if let base = bytes.baseAddress {
            while columnsUsed + 8 <= commWidth, index + 8 <= bytes.count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                let ones: UInt64 = 0x0101_0101_0101_0101
                let highBits: UInt64 = 0x8080_8080_8080_8080
                // Any byte >= 0x80, < 0x20 (controls, newline) or == 0x7F leaves the fast path.
                let nonASCII = word & highBits
                let below20 = (word &- ones &* 0x20) & ~word & highBits
                let delete = word ^ (ones &* 0x7F)
                let isDelete = (delete &- ones) & ~delete & highBits
                if nonASCII | below20 | isDelete != 0 { break }
                index += 8
                columnsUsed += 8
            }
        }
        while columnsUsed < commWidth, index < bytes.count {
            let byte = bytes[index]
            if byte < 0x80 {
                if byte == newline {
                    // A raw newline is part of the name only within its first 19 bytes; later it
                    // means the row is shorter than the header says. An empty comm field also
                    // ends the line early: then the field starts with the separator and a real
                    // row follows.
                    guard index - commStart < maximumCommandNameLength else { break }
                    if bytes[commStart] == space, index + 1 == bytes.count || rowStarts(bytes, at: index + 1, layout: layout) { break }
                    newlinesCrossed += 1
                } else if byte >= 0x20, byte != 0x7F {
                    columnsUsed += 1
                }
                index += 1
            } else if utf8 {
                let (scalar, length) = decodeScalar(bytes, at: index)
                // libxo wrote '?' for anything its mbrtowc rejected, so an invalid byte here can
                // only come from a ps that ran in the C locale after all: one column.
                columnsUsed += scalar.map(LibxoColumnWidth.columns(of:)) ?? 1
                index += length
            } else {
                columnsUsed += 1  // C locale: a byte is a character of width 1 (not iswcntrl)
                index += 1
            }
        }
        return (index, columnsUsed, newlinesCrossed)
    }

    // MARK: - Values

    static let space = UInt8(ascii: " ")
    static let newline = UInt8(ascii: "\n")

    /// The first offset at or after `start` that is not a space. Alignment padding comes in runs
    /// of varying length, which a byte loop mispredicts; eight bytes at a time it is one step.
    @inline(__always)
    static func skipSpaces(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        if let base = bytes.baseAddress {
            while index + 8 <= bytes.count {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                let other = word ^ 0x2020_2020_2020_2020  // zero bytes are spaces
                if other != 0 { return index + other.trailingZeroBitCount / 8 }
                index += 8
            }
        }
        while index < bytes.count, bytes[index] == space { index += 1 }
        return index
    }

    /// The first offset at or after `start` holding a space or a newline (or the end).
    @inline(__always)
    static func tokenEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        if let base = bytes.baseAddress {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highBits: UInt64 = 0x8080_8080_8080_8080
            while index + 8 <= bytes.count {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                let spaces = word ^ (ones &* 0x20)
                let newlines = word ^ (ones &* 0x0A)
                let found = ((spaces &- ones) & ~spaces | (newlines &- ones) & ~newlines) & highBits
                if found != 0 { return index + found.trailingZeroBitCount / 8 }
                index += 8
            }
        }
        while index < bytes.count, bytes[index] != space, bytes[index] != newline { index += 1 }
        return index
    }

    /// The offset of the next newline at or after `start` (or the end of the output): args are
    /// most of ps's bytes, so this search dominates the parse. libc's memchr compares 32 bytes a
    /// step (FreeBSD's amd64 libc has an SSE2 memchr since 14.1, lib/libc/amd64/string/memchr.S;
    /// glibc picks AVX2 or EVEX): over the large host's 8 MB of ps text, 0.5 ms against 1.65 ms
    /// for the eight bytes a step this did itself, with a call per line.
    @inline(__always)
    static func lineEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = bytes.baseAddress, start < bytes.count,
            let found = memchr(base + start, Int32(newline), bytes.count - start)
        else { return max(start, bytes.count) }
        return UnsafeRawPointer(found) - UnsafeRawPointer(base)
    }

    /// Text of an output field, with invalid UTF-8 replaced by U+FFFD.
    @inline(__always)
    static func text(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// A decimal integer (optionally with a leading `-`); nil for anything else or > 18 digits.
    @inline(__always)
    static func parseInteger(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, signed: Bool) -> Int? {
        var index = range.lowerBound
        var negative = false
        if signed, index < range.upperBound, bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        let digits = range.upperBound - index
        guard digits > 0, digits <= 18 else { return nil }
        var value = 0
        while index < range.upperBound {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit <= 9 else { return nil }
            value = value &* 10 &+ Int(digit)
            index += 1
        }
        return negative ? -value : value
    }

    /// `%.1f` as ps prints %cpu and %mem: digits, optionally a decimal point (`.`, or `,` if the
    /// locale was not C) and more digits; at most 18 digits in all.
    @inline(__always)
    static func parseDecimal(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Double? {
        guard let (mantissa, scale) = parseFixedPoint(bytes, range) else { return nil }
        // One division of exact integers: correctly rounded, so "786.4" gives the same Double
        // as the literal 786.4.
        return scale == 1 ? Double(mantissa) : Double(mantissa) / Double(scale)
    }

    /// Digits with an optional decimal point as (all digits as one integer, 10^fraction digits).
    @inline(__always)
    private static func parseFixedPoint(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> (Int, Int)? {
        var index = range.lowerBound
        var mantissa = 0
        var digits = 0
        while index < range.upperBound {
            let digit = bytes[index] &- UInt8(ascii: "0")
            if digit > 9 { break }
            mantissa = mantissa &* 10 &+ Int(digit)
            digits += 1
            index += 1
        }
        guard digits > 0, digits <= 18 else { return nil }
        if index == range.upperBound { return (mantissa, 1) }
        guard bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: ",") else { return nil }
        index += 1
        var scale = 1
        while index < range.upperBound {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit <= 9, digits < 18 else { return nil }
            mantissa = mantissa &* 10 &+ Int(digit)
            scale &*= 10
            digits += 1
            index += 1
        }
        guard scale > 1 else { return nil }
        return (mantissa, scale)
    }

    /// `printtime()`: `"%ld:%02ld%c%02ld"` — minutes (unbounded), seconds, the locale's decimal
    /// point, hundredths — e.g. `125:03.45` → 7503.45 seconds.
    @inline(__always)
    static func parseCPUTime(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Double? {
        var colon = range.lowerBound
        while colon < range.upperBound, bytes[colon] != UInt8(ascii: ":") { colon += 1 }
        guard colon < range.upperBound, colon - range.lowerBound <= 12,
            let minutes = parseInteger(bytes, range.lowerBound..<colon, signed: false),
            let (seconds, scale) = parseFixedPoint(bytes, (colon + 1)..<range.upperBound),
            seconds < 60 * scale, scale <= 1_000_000
        else { return nil }
        // All in the smallest unit, then one division: 125:03.45 is exactly 750345 / 100.
        return Double(minutes &* 60 &* scale &+ seconds) / Double(scale)
    }

    /// Decodes one UTF-8 scalar at `index`; an invalid or truncated sequence is one byte, nil.
    @inline(__always)
    private static func decodeScalar(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (UInt32?, Int) {
        let lead = bytes[index]
        let length: Int
        var scalar: UInt32
        switch lead {
        case 0xC2...0xDF: length = 2; scalar = UInt32(lead & 0x1F)
        case 0xE0...0xEF: length = 3; scalar = UInt32(lead & 0x0F)
        case 0xF0...0xF4: length = 4; scalar = UInt32(lead & 0x07)
        default: return (nil, 1)
        }
        guard index + length <= bytes.count else { return (nil, 1) }
        for offset in 1..<length {
            let continuation = bytes[index + offset]
            guard continuation & 0xC0 == 0x80 else { return (nil, 1) }
            scalar = scalar << 6 | UInt32(continuation & 0x3F)
        }
        // Reject overlong forms, surrogates and values past U+10FFFF, as a strict decoder does.
        let minimum: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000
        guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else { return (nil, 1) }
        return (scalar, length)
    }

    static func invalid(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, keyword: String, expected: String, line: Int
    ) -> ToolOutputError {
        ToolOutputError(
            tool: "ps", line: line,
            message: "field \(keyword): expected \(expected), got \(ToolOutputError.quote(UnsafeBufferPointer(rebasing: bytes[range])))")
    }
}
