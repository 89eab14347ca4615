/// How many decimals a JSON double is written with: the precision the field means, so a sum
/// of ps's one-decimal percentages prints `175.8`, not the float noise `175.80000000000004`.
/// Each schema-1 field chooses one where it is written, with the reason beside it.
public enum JSONNumberPrecision: Sendable {
    /// 0.1: ps(1) prints %CPU and %MEM with one decimal; sums of them mean no more.
    case tenths
    /// 0.01: ps's cputime (centiseconds), sysctl's load averages.
    case hundredths
    /// 0.001 (milliseconds): moments in time; no tool jailtop reads is finer than that.
    case thousandths
    /// The shortest text that reads back as the same double (JSONEncoder's form): for values
    /// given by the user, such as the recording interval, which are exactly what they mean.
    case shortest

    var decimals: Int {
        switch self {
        case .tenths: 1
        case .hundredths: 2
        case .thousandths: 3
        case .shortest: 0
        }
    }

    /// 10 to the `decimals`.
    var scale: UInt64 {
        switch self {
        case .tenths: 10
        case .hundredths: 100
        case .thousandths: 1000
        case .shortest: 1
        }
    }
}

/// Writes a finite double as JSON text at a precision, without Foundation or a `String` in
/// the common case. Integral values print without `.0` (`58`), as JSONEncoder does.
enum JSONNumberFormat {
    /// Beyond this a scaled double no longer holds every integer, so rounding to decimals
    /// would invent digits: such values are written in the shortest form instead.
    private static let exactIntegerLimit = 9_007_199_254_740_992.0  // 2^53

    static func append(_ value: Double, _ precision: JSONNumberPrecision, to bytes: inout JSONWriter) {
        let decimals = precision.decimals
        guard precision != .shortest else {
            appendShortest(value, to: &bytes)
            return
        }
        // Half-way cases round away from zero; the scaled product's own rounding error is far
        // below the step, so a value read back from this text writes the same text again.
        let scale = precision.scale
        let scaled = (value * Double(scale)).rounded(.toNearestOrAwayFromZero)
        guard scaled.magnitude < exactIntegerLimit else {
            appendShortest(value, to: &bytes)
            return
        }
        let units = UInt64(scaled.magnitude)
        if units == 0 {
            bytes.append(UInt8(ascii: "0"))  // never "-0"
            return
        }
        if scaled < 0 { bytes.append(UInt8(ascii: "-")) }
        bytes.appendDigits(units / scale)
        var fraction = units % scale
        guard fraction != 0 else { return }
        bytes.append(UInt8(ascii: "."))
        var width = decimals
        while fraction % 10 == 0 {
            fraction /= 10
            width -= 1
        }
        let start = bytes.count
        bytes.appendDigits(fraction)
        // Zeros the fraction starts with (0.05 at hundredths: "05").
        let missing = width - (bytes.count - start)
        if missing > 0 { bytes.insertZeros(missing, at: start) }
    }

    /// Swift's shortest round-trip text, minus a trailing `.0`: exactly JSONEncoder's output
    /// (`2`, `0.25`, `1e-05`, `1.2345678901234568e+17`).
    static func appendShortest(_ value: Double, to bytes: inout JSONWriter) {
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        text.withUTF8 { bytes.append($0) }
    }
}
