import ArgumentParser

/// A number of seconds given on the command line (`-d`, `--tool-timeout`, `--interval`): checked
/// against a sensible range before anything converts it, so `-d 1e308` is a usage error, never a
/// trap in a Duration or Int conversion.
enum SecondsOption {
    /// Throws a usage error naming the option unless `value` is finite and within `range`.
    static func check(_ value: Double, _ option: String, _ range: ClosedRange<Double>) throws {
        guard value.isFinite, range.contains(value) else {
            throw ValidationError("\(option) must be from \(format(range.lowerBound)) to \(format(range.upperBound)) seconds")
        }
    }

    /// The value as a Duration (call after `check`: any value in a checked range converts).
    static func duration(_ value: Double) -> Duration {
        .milliseconds(Int((value * 1000).rounded()))
    }

    /// A day: the longest refresh or sampling interval accepted.
    static let day = 86_400.0

    private static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
