import JailtopModel

/// Reads `sysctl -e -i OID…` for the host header: name, release, CPUs, memory, load, uptime,
/// CPU ticks, racct switch and the page counters for memory in use.
///
/// Format (sbin/sysctl/sysctl.c, `show_var`): `-e` makes the separator `=` instead of `: `;
/// `-i` makes an unknown OID print nothing (so an older kernel just leaves a value nil).
/// Integers print with `%jd`/`%ju`, arrays of them separated by one space (`kern.cp_time` is
/// five longs); strings print raw; `vm.loadavg` uses `S_loadavg`: `{ %.2f %.2f %.2f }`;
/// `kern.boottime` uses `S_timeval`: `{ sec = %jd, usec = %ld } ` followed by `ctime()` without its
/// newline. sysctl calls `setlocale(LC_NUMERIC, "")`, so the collector runs it with LC_ALL=C;
/// a decimal comma is still accepted in case it does not.
public enum SysctlParser {
    public static let oids: [String] = [
        "kern.hostname", "kern.osrelease", "hw.ncpu", "hw.physmem", "hw.pagesize", "vm.loadavg",
        "kern.boottime", "kern.cp_time", "kern.racct.enable", "vm.stats.vm.v_active_count",
        "vm.stats.vm.v_wire_count", "vm.stats.vm.v_laundry_count", "vm.stats.vm.v_free_count",
        "vm.stats.vm.v_inactive_count",
    ]

    /// The argv after the program path.
    public static let arguments: [String] = ["-e", "-i"] + oids

    /// Every line that can be read; a line that cannot costs only its own fact.
    public static func parseLines(_ text: String) -> Parsed<HostSysctls> {
        var host = HostSysctls()
        var skipped = SkippedRows()
        var active: Int?
        var wired: Int?
        var laundry: Int?
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.isEmpty { continue }
            do throws(ToolOutputError) {
                try read(line, lineNumber: lineNumber, into: &host, active: &active, wired: &wired, laundry: &laundry)
            } catch {
                skipped.skip(error)
            }
        }
        if let active, let wired, let laundry, let pageSize = host.pageSize {
            let (partial, overflow1) = active.addingReportingOverflow(wired)
            let (pages, overflow2) = partial.addingReportingOverflow(laundry)
            let (bytes, overflow3) = pages.multipliedReportingOverflow(by: pageSize)
            host.memUsedBytes = overflow1 || overflow2 || overflow3 ? nil : bytes
        }
        return Parsed(host, skipped: skipped)
    }

    /// All lines or the first one's error.
    public static func parse(_ text: String) throws(ToolOutputError) -> HostSysctls {
        try parseLines(text).strict()
    }

    private static func read(
        _ line: Substring, lineNumber: Int, into host: inout HostSysctls, active: inout Int?, wired: inout Int?, laundry: inout Int?
    ) throws(ToolOutputError) {
        guard let equals = line.firstIndex(of: "=") else {
            throw ToolOutputError(
                tool: "sysctl", line: lineNumber, message: "expected name=value, got \(ToolOutputError.quote(String(line)))")
        }
        let name = String(line[..<equals])
        let value = line[line.index(after: equals)...]
        func fail(_ expected: String) -> ToolOutputError {
            ToolOutputError(
                tool: "sysctl", line: lineNumber,
                message: "\(name): expected \(expected), got \(ToolOutputError.quote(String(value)))")
        }
        func integer(minimum: Int = 0) throws(ToolOutputError) -> Int {
            guard let number = Int(value.trimmingASCIIWhitespace()), number >= minimum else {
                throw fail(minimum > 0 ? "a positive integer" : "a non-negative integer")
            }
            return number
        }
        switch name {
        case "kern.hostname": host.hostname = String(value)
        case "kern.osrelease": host.osrelease = String(value)
        case "hw.ncpu": host.ncpu = try integer(minimum: 1)
        case "hw.physmem": host.physmemBytes = try integer()
        case "hw.pagesize": host.pageSize = try integer(minimum: 1)
        case "vm.loadavg":
            guard let loads = loadAverages(value) else { throw fail("\"{ 1.00 1.00 1.00 }\"") }
            host.loadavg = loads
        case "kern.boottime":
            guard let seconds = bootTime(value) else { throw fail("\"{ sec = N, usec = N } date\"") }
            host.boottime = seconds
        case "kern.cp_time":
            let ticks = value.split(separator: " ").map { Int($0) }
            guard ticks.count == 5, ticks.allSatisfy({ ($0 ?? -1) >= 0 }) else {
                throw fail("5 space-separated tick counts")
            }
            host.cpTime = ticks.compactMap { $0 }
        case "kern.racct.enable":
            // A bool on newer kernels, an unsigned int on older ones: both print 0 or 1.
            switch value.trimmingASCIIWhitespace() {
            case "0": host.racctEnable = false
            case "1": host.racctEnable = true
            default: throw fail("0 or 1")
            }
        case "vm.stats.vm.v_active_count": active = try integer()
        case "vm.stats.vm.v_wire_count": wired = try integer()
        case "vm.stats.vm.v_laundry_count": laundry = try integer()
        case "vm.stats.vm.v_free_count", "vm.stats.vm.v_inactive_count": _ = try integer()
        default: return  // an OID this parser does not use
        }
    }

    /// Busy CPU percentage between two `kern.cp_time` samples: (user + nice + system + interrupt)
    /// over all ticks. Nil when the counters went backwards (a reset) or no time passed.
    public static func cpuPercent(previous: [Int], current: [Int]) -> Double? {
        // CP_USER, CP_NICE, CP_SYS, CP_INTR, CP_IDLE (sys/sys/resource.h).
        guard previous.count == 5, current.count == 5 else { return nil }
        var deltas: [Int] = []
        for (old, new) in zip(previous, current) {
            let (delta, overflow) = new.subtractingReportingOverflow(old)
            guard !overflow, delta >= 0 else { return nil }
            deltas.append(delta)
        }
        let busy = deltas[0...3].reduce(0, +)
        let total = busy + deltas[4]
        guard total > 0 else { return nil }
        return Double(busy) * 100 / Double(total)
    }

    /// `{ 0.42 0.38 0.35 }` → [0.42, 0.38, 0.35].
    private static func loadAverages(_ value: Substring) -> [Double]? {
        let parts = value.split(separator: " ")
        guard parts.count == 5, parts.first == "{", parts.last == "}" else { return nil }
        var loads: [Double] = []
        for part in parts[1...3] {
            guard let load = decimal(part) else { return nil }
            loads.append(load)
        }
        return loads
    }

    /// `{ sec = 1764400000, usec = 123456 } Sat Nov 29 07:06:40 2025` → 1764400000.123456.
    private static func bootTime(_ value: Substring) -> Double? {
        let parts = value.split(separator: " ")
        guard parts.count >= 8, parts[0] == "{", parts[1] == "sec", parts[2] == "=", parts[3].hasSuffix(","),
            parts[4] == "usec", parts[5] == "=", parts[7] == "}",
            let seconds = Int(parts[3].dropLast()), seconds >= 0,
            let microseconds = Int(parts[6]), (0..<1_000_000).contains(microseconds)
        else { return nil }
        return Double(seconds) + Double(microseconds) / 1_000_000
    }

    /// A plain decimal such as `0.42` (or `0,42` under a locale with a decimal comma).
    private static func decimal(_ text: Substring) -> Double? {
        guard text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == ",") }) else { return nil }
        return Double(String(text.map { $0 == "," ? "." : $0 }))
    }
}
