import JailtopModel

/// A writer of the Prometheus text exposition format (version 0.0.4): metric families with
/// HELP and TYPE lines, samples with escaped label values, numbers as Prometheus parses them.
/// A family's header is written only when its first sample is, so empty families vanish.
/// Everything is appended as UTF-8 into one byte buffer, which is the page's body as it is.
struct MetricsText {
    /// The metric types this exporter uses.
    enum Kind: String {
        case gauge, counter
    }

    private(set) var bytes: [UInt8] = []
    private var pendingHeader: String?

    init(reservingCapacity capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    /// Starts a metric family; its HELP and TYPE lines appear with its first sample.
    mutating func family(_ name: String, _ kind: Kind, _ help: String) {
        pendingHeader = "# HELP \(name) \(Self.escapeHelp(help))\n# TYPE \(name) \(kind.rawValue)\n"
    }

    /// One sample. `labels` is already rendered (`a="x",b="y"`, see `label(_:_:)`), or empty.
    mutating func sample(_ name: String, _ labels: String = "", _ value: Double) {
        line(name, labels, Self.format(value))
    }

    /// One sample with an integer value (written without a fraction).
    mutating func sample(_ name: String, _ labels: String = "", _ value: Int) {
        line(name, labels, ASCIIText.make { $0.append(value) })
    }

    /// `name{labels} value`, after the family's HELP and TYPE lines if they are still due.
    private mutating func line(_ name: String, _ labels: String, _ value: String) {
        writeHeader()
        bytes.append(contentsOf: name.utf8)
        if !labels.isEmpty {
            bytes.append(UInt8(ascii: "{"))
            bytes.append(contentsOf: labels.utf8)
            bytes.append(UInt8(ascii: "}"))
        }
        bytes.append(UInt8(ascii: " "))
        bytes.append(contentsOf: value.utf8)
        bytes.append(UInt8(ascii: "\n"))
    }

    private mutating func writeHeader() {
        if let header = pendingHeader {
            bytes.append(contentsOf: header.utf8)
            pendingHeader = nil
        }
    }

    /// `name="value"` with the value escaped as the format requires.
    static func label(_ name: String, _ value: String) -> String {
        "\(name)=\"\(escapeLabelValue(value))\""
    }

    /// Label values escape backslash, double quote and line feed; every other character
    /// (control characters, any Unicode) is valid as it is. Swift strings are always valid
    /// Unicode, so the UTF-8 written is valid too (bad bytes from a tool became U+FFFD).
    static func escapeLabelValue(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == 0x5C || $0 == 0x22 || $0 == 0x0A }) else { return value }
        var out = ""
        out.reserveCapacity(value.utf8.count + 8)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// HELP text escapes backslash and line feed.
    static func escapeHelp(_ help: String) -> String {
        guard help.utf8.contains(where: { $0 == 0x5C || $0 == 0x0A }) else { return help }
        var out = ""
        for scalar in help.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A sample value: whole numbers without a fraction, others in Swift's shortest
    /// round-tripping form (which Go's ParseFloat reads), and `NaN`, `+Inf`, `-Inf`.
    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }
}
