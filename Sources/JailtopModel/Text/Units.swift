/// Short human forms of numbers for narrow columns, in the style of top(1): 1024-based sizes
/// with a K/M/G/T suffix, durations as `3d04h` or `12:34`.
/// Every conversion here is total: a value from a tool or a file that is not finite or far
/// out of range gives "?" or a clamped figure, never a trap.
public enum Units {
    /// What an unknown value shows as.
    public static let unknown = "?"

    /// `412M`, `1.5G`, `980K`, `0`: at most 5 columns for any size up to exabytes.
    public static func bytes(_ value: Int) -> String {
        ASCIIText.make { bytes(value, into: &$0) }
    }

    /// The same, written into `text` (a table cell, without a String in between).
    public static func bytes(_ value: Int, into text: inout ASCIIText) {
        scaled(Double(value), into: &text)
    }

    /// `?` when the size is unknown.
    public static func bytes(_ value: Int?) -> String {
        value.map { bytes($0) } ?? unknown
    }

    /// `Int(x.rounded())` (half away from zero) for 0 <= x < 2^63, without libm's round(3), which
    /// x86-64's baseline has no instruction for: a call per cell, some 200 000 in `jailtop ps`.
    /// `Int(x)` truncates in one instruction, and x minus that whole part is exact.
    @inline(__always)
    static func roundedNonNegative(_ x: Double) -> Int {
        let whole = Int(x)
        return x - Double(whole) >= 0.5 ? whole + 1 : whole
    }

    /// The nearest Int, clamped to Int's range; nil for NaN. Doubles from tools and files go
    /// through this instead of `Int(_:)`, which traps outside that range.
    public static func clampedInt(_ value: Double) -> Int? {
        guard !value.isNaN else { return nil }
        let rounded = value.rounded()
        if rounded >= 9.2e18 { return Int.max }
        if rounded <= -9.2e18 { return Int.min }
        return Int(rounded)
    }

    /// `12.3M/s`-style rate without the "/s" (the column header says it).
    public static func bytesPerSecond(_ value: Double) -> String {
        ASCIIText.make { scaled(value, into: &$0) }
    }

    /// 1024-based size suffixes, bytes first.
    private static let sizeSuffixes: [StaticString] = ["B", "K", "M", "G", "T", "P", "E"]

    static func scaled(_ value: Double, into t: inout ASCIIText) {
        switch ScaledSize(value) {
        case .unknown: t.append("?")
        case .zero: t.append("0")
        case .beyond(let suffix):
            t.append(">1023")
            t.append(sizeSuffixes[suffix])
        case .tenths(let tenths, let suffix):
            t.append(tenths / 10)
            t.append(".")
            t.append(tenths % 10)
            t.append(sizeSuffixes[suffix])
        case .whole(let whole, let suffix):
            t.append(whole)
            t.append(sizeSuffixes[suffix])
        }
    }

    /// The columns `bytes(value)` takes, worked out without writing it (a table's widths).
    public static func bytesWidth(_ value: Int) -> Int {
        switch ScaledSize(Double(value)) {
        case .unknown, .zero: 1
        case .beyond: 6
        case .tenths(let tenths, _): ASCIIText.width(of: tenths / 10) + 3
        case .whole(let whole, _): ASCIIText.width(of: whole) + 1
        }
    }

    /// A size as `scaled` writes it: its figure and the index of its suffix.
    private enum ScaledSize {
        case unknown, zero
        /// 1024 or more of the largest unit.
        case beyond(suffix: Int)
        /// `1.5M`: below 10 of a unit above bytes, in tenths.
        case tenths(Int, suffix: Int)
        case whole(Int, suffix: Int)

        init(_ value: Double) {
            guard value.isFinite else {
                self = .unknown
                return
            }
            if value < 1 {
                self = .zero
                return
            }
            var v = value
            var i = 0
            while v >= 1024, i < Units.sizeSuffixes.count - 1 {
                v /= 1024
                i += 1
            }
            if v >= 1024 {
                self = .beyond(suffix: i)
            } else if i > 0, v < 10, case let tenths = roundedNonNegative(v * 10), tenths < 100 {
                self = .tenths(tenths, suffix: i)
            } else {
                self = .whole(roundedNonNegative(v), suffix: i)
            }
        }
    }

    /// One decimal: `12.3`, `0.0`, `250.0`; `?` for a value that is not a number, and at most
    /// `99999.9` (a thousand CPUs' worth).
    public static func percent(_ value: Double) -> String {
        ASCIIText.make { percent(value, into: &$0) }
    }

    /// The same, written into `text`.
    public static func percent(_ value: Double, into t: inout ASCIIText) {
        guard let tenths = percentTenths(value) else { return t.append("?") }
        t.append(tenths / 10)
        t.append(".")
        t.append(tenths % 10)
    }

    /// The columns `percent(value)` takes, worked out without writing it.
    public static func percentWidth(_ value: Double) -> Int {
        guard let tenths = percentTenths(value) else { return 1 }
        return ASCIIText.width(of: tenths / 10) + 2
    }

    /// What `percent` shows, in tenths (nil: "?").
    private static func percentTenths(_ value: Double) -> Int? {
        value.isNaN ? nil : roundedNonNegative(min(max(0, value), 99_999.9) * 10)
    }

    /// A fraction as a whole percentage: `96%`; `>9999%` beyond that (any use of a limit of 0),
    /// `?` when it is not a number.
    public static func wholePercent(fraction: Double) -> String {
        guard !fraction.isNaN else { return unknown }
        if fraction >= 100 { return ">9999%" }
        return "\(Int((max(0, fraction) * 100).rounded()))%"
    }

    /// Uptime as top(1) shows it, or `?` when the boot time is unknown.
    public static func uptime(seconds: Double?) -> String {
        guard let seconds, let whole = clampedInt(seconds) else { return unknown }
        return uptime(seconds: whole)
    }

    /// Uptime as top(1) shows it: `3 days, 04:05` or `04:05`.
    public static func uptime(seconds: Int) -> String {
        let s = max(0, seconds)
        let days = s / 86400
        let hm = "\(twoDigits((s % 86400) / 3600)):\(twoDigits((s % 3600) / 60))"
        switch days {
        case 0: return hm
        case 1: return "1 day, \(hm)"
        default: return "\(days) days, \(hm)"
        }
    }

    /// A count of seconds in its two largest units: `45s`, `12m05s`, `3h04m`, `5d02h`.
    public static func duration(seconds: Int) -> String {
        let s = max(0, seconds)
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m\(twoDigits(s % 60))s" }
        if s < 86400 { return "\(s / 3600)h\(twoDigits(s % 3600 / 60))m" }
        return "\(s / 86400)d\(twoDigits(s % 86400 / 3600))h"
    }

    /// CPU time as ps(1) prints it: `M:SS.hh` with minutes unbounded.
    public static func cpuTime(_ seconds: Double) -> String {
        ASCIIText.make { cpuTime(seconds, into: &$0) }
    }

    /// The same, written into `text`.
    public static func cpuTime(_ seconds: Double, into t: inout ASCIIText) {
        guard let hundredths = cpuTimeHundredths(seconds) else { return t.append("?") }
        let minutes = hundredths / 6000
        let secs = (hundredths / 100) % 60
        t.append(minutes)
        t.append(":")
        t.append(secs, width: 2)
        t.append(".")
        t.append(hundredths % 100, width: 2)
    }

    /// The columns `cpuTime(seconds)` takes, worked out without writing it: the minutes and
    /// `:SS.hh`.
    public static func cpuTimeWidth(_ seconds: Double) -> Int {
        guard let hundredths = cpuTimeHundredths(seconds) else { return 1 }
        return ASCIIText.width(of: hundredths / 6000) + 6
    }

    /// What `cpuTime` shows, in hundredths of a second (nil: "?").
    private static func cpuTimeHundredths(_ seconds: Double) -> Int? {
        seconds.isNaN ? nil : roundedNonNegative(min(max(0, seconds), 1e15) * 100)
    }

    static func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
