/// A strict reader of the Prometheus text format (0.0.4) for tests: every line must be a
/// HELP, TYPE or sample line; names, escapes and numbers must be valid; a family's samples
/// must be contiguous and after its TYPE; no series may appear twice. Label values are
/// unescaped, so tests can check that hostile text round-trips.
struct ExpositionParser {
    /// One sample line, decoded.
    struct Sample: Equatable {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    /// What is wrong with the text, and where.
    struct Failure: Error, CustomStringConvertible {
        var line: Int
        var message: String
        var text: String
        var description: String { "line \(line): \(message): \(text.debugDescription)" }
    }

    private(set) var samples: [Sample] = []
    private(set) var types: [String: String] = [:]
    private(set) var helps: [String: String] = [:]

    init(_ text: String) throws {
        guard text.isEmpty || text.hasSuffix("\n") else { throw Failure(line: 0, message: "no final newline", text: "") }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        var finishedFamilies = Set<String>()
        var currentFamily: String?
        var seenSeries = Set<String>()
        for (index, line) in lines.enumerated() {
            let number = index + 1
            func fail(_ message: String) -> Failure { Failure(line: number, message: message, text: line) }
            if line.hasPrefix("#") {
                let parts = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
                guard parts.count >= 3, parts[0] == "#", parts[1] == "HELP" || parts[1] == "TYPE" else {
                    throw fail("unexpected comment")
                }
                let name = parts[2]
                guard Self.isMetricName(name) else { throw fail("bad metric name") }
                if currentFamily != name {
                    if let current = currentFamily { finishedFamilies.insert(current) }
                    guard !finishedFamilies.contains(name) else { throw fail("family \(name) is not contiguous") }
                    currentFamily = name
                }
                if parts[1] == "HELP" {
                    guard helps[name] == nil else { throw fail("second HELP") }
                    guard parts.count == 4 else { throw fail("HELP without text") }
                    helps[name] = try Self.unescape(parts[3], quotes: false).orThrow(fail("bad escape in HELP"))
                } else {
                    guard types[name] == nil else { throw fail("second TYPE") }
                    guard parts.count == 4, ["counter", "gauge", "histogram", "summary", "untyped"].contains(parts[3]) else {
                        throw fail("bad TYPE")
                    }
                    guard !samples.contains(where: { $0.name == name }) else { throw fail("TYPE after samples") }
                    types[name] = parts[3]
                }
                continue
            }
            var cursor = Substring(line)
            let name = String(cursor.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ":") })
            guard Self.isMetricName(name) else { throw fail("bad metric name") }
            cursor = cursor.dropFirst(name.count)
            let family = Self.family(of: name, types: types)
            if currentFamily != family {
                if let current = currentFamily { finishedFamilies.insert(current) }
                guard !finishedFamilies.contains(family) else { throw fail("family \(family) is not contiguous") }
                currentFamily = family
            }
            guard types[family] != nil else { throw fail("sample before TYPE") }
            var labels: [String: String] = [:]
            if cursor.first == "{" {
                cursor = cursor.dropFirst()
                while cursor.first != "}" {
                    let labelName = String(cursor.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
                    guard !labelName.isEmpty, !(labelName.first?.isNumber ?? true), !labelName.hasPrefix("__") else {
                        throw fail("bad label name")
                    }
                    cursor = cursor.dropFirst(labelName.count)
                    guard cursor.hasPrefix("=\"") else { throw fail("expected =\" after label name") }
                    cursor = cursor.dropFirst(2)
                    var raw = ""
                    var escaped = false
                    while let c = cursor.first {
                        cursor = cursor.dropFirst()
                        if escaped {
                            raw.append("\\")
                            raw.append(c)
                            escaped = false
                        } else if c == "\\" {
                            escaped = true
                        } else if c == "\"" {
                            break
                        } else {
                            raw.append(c)
                        }
                        if cursor.isEmpty, c != "\"" { throw fail("unterminated label value") }
                    }
                    guard labels[labelName] == nil else { throw fail("label \(labelName) twice") }
                    labels[labelName] = try Self.unescape(raw, quotes: true).orThrow(fail("bad escape in label value"))
                    if cursor.first == "," { cursor = cursor.dropFirst() } else if cursor.first != "}" { throw fail("expected , or }") }
                }
                cursor = cursor.dropFirst()
            }
            guard cursor.first == " " else { throw fail("expected a space before the value") }
            cursor = cursor.dropFirst()
            let fields = cursor.split(separator: " ", omittingEmptySubsequences: false)
            guard fields.count == 1 || fields.count == 2 else { throw fail("expected value [timestamp]") }
            guard let value = Self.number(String(fields[0])) else { throw fail("bad value") }
            if fields.count == 2, Int(fields[1]) == nil { throw fail("bad timestamp") }
            let key = name + "{" + labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.debugDescription)" }.joined(separator: ",") + "}"
            guard seenSeries.insert(key).inserted else { throw fail("duplicate series") }
            samples.append(Sample(name: name, labels: labels, value: value))
        }
    }

    /// The value of the one sample with this name and these labels (all of them).
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples.first { $0.name == name && $0.labels == labels }?.value
    }

    /// Every sample of a metric.
    func samples(named name: String) -> [Sample] {
        samples.filter { $0.name == name }
    }

    static func isMetricName(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic || first == "_" || first == ":" else {
            return false
        }
        return s.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == ":") }
    }

    /// The family a sample belongs to: itself, or its histogram/summary base name.
    static func family(of name: String, types: [String: String]) -> String {
        for suffix in ["_bucket", "_sum", "_count"] where name.hasSuffix(suffix) {
            let base = String(name.dropLast(suffix.count))
            if let t = types[base], t == "histogram" || t == "summary" { return base }
        }
        return name
    }

    static func unescape(_ s: String, quotes: Bool) -> String? {
        var out = ""
        var escaped = false
        for c in s {
            if escaped {
                switch c {
                case "\\": out.append("\\")
                case "n": out.append("\n")
                case "\"" where quotes: out.append("\"")
                default: return nil
                }
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else {
                out.append(c)
            }
        }
        return escaped ? nil : out
    }

    static func number(_ s: String) -> Double? {
        switch s {
        case "NaN": return .nan
        case "+Inf": return .infinity
        case "-Inf": return -.infinity
        default:
            guard !s.isEmpty, s.allSatisfy({ "0123456789.eE+-".contains($0) }) else { return nil }
            return Double(s)
        }
    }
}

extension Optional {
    /// The value, or the error thrown.
    func orThrow(_ error: @autoclosure () -> some Error) throws -> Wrapped {
        guard let self else { throw error() }
        return self
    }
}
