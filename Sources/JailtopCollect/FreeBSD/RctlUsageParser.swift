import JailtopModel

/// Reads `rctl -u jail:NAME`: one `resource=value` line per racct resource, in kernel order.
///
/// rctl(8) prints the kernel's comma-separated `rctl_get_racct` answer one item per line
/// (usr.bin/rctl/rctl.c); for a jail subject all 25 resources appear (`sloppy=1`). Values are raw
/// integers (bytes, seconds, counts, percent); `-h` would humanize them, so it is never used.
/// Names this build does not know are kept, so a newer kernel's resources still show up.
public enum RctlUsageParser {
    /// The argv after the program path for one jail's usage.
    public static func arguments(jail name: String) -> [String] {
        ["-u", "jail:\(name)"]
    }

    /// Every `resource=value` line that can be read; a bad line costs only that resource.
    /// - Throws: when no line at all could be read (no usage is not all zeros).
    public static func parseLines(_ text: String) throws(ToolOutputError) -> Parsed<ResourceUsage> {
        var values: [String: Int] = [:]
        var skipped = SkippedRows()
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let trimmed = line.trimmingASCIIWhitespace()
            if trimmed.isEmpty { continue }
            guard let equals = trimmed.firstIndex(of: "=") else {
                skipped.skip(
                    ToolOutputError(
                        tool: "rctl", line: lineNumber, message: "expected resource=value, got \(ToolOutputError.quote(trimmed))"))
                continue
            }
            let name = String(trimmed[..<equals])
            let valueText = trimmed[trimmed.index(after: equals)...]
            guard !name.isEmpty else {
                skipped.skip(
                    ToolOutputError(tool: "rctl", line: lineNumber, message: "missing resource name in \(ToolOutputError.quote(trimmed))"))
                continue
            }
            guard let value = Int(valueText) else {
                skipped.skip(
                    ToolOutputError(
                        tool: "rctl", line: lineNumber,
                        message: "\(name): expected an integer, got \(ToolOutputError.quote(String(valueText)))"))
                continue
            }
            values[name] = value
        }
        guard !values.isEmpty else {
            throw skipped.first ?? ToolOutputError(tool: "rctl", message: "expected resource=value lines, got no output")
        }
        return Parsed(ResourceUsage(values: values), skipped: skipped)
    }

    /// All lines or the first bad one's error.
    public static func parse(_ text: String) throws(ToolOutputError) -> ResourceUsage {
        try parseLines(text).strict()
    }
}
