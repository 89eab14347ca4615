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
        arguments(jails: [name])
    }

    /// The argv for several jails' usage in one run: rctl(8) takes any number of filters and
    /// handles each in turn (usr.bin/rctl/rctl.c `main`: a `show_usage` per argument, a failure
    /// warned about on stderr and counted in the exit status, the next one tried anyway).
    public static func arguments(jails names: [String]) -> [String] {
        ["-u"] + names.map { "jail:\($0)" }
    }

    /// Splits one `rctl -u jail:A jail:B …` run into each jail's answer. The filters' outputs
    /// follow each other with nothing between them, each listing every resource in kernel order,
    /// so a new one starts at each line with the first line's resource (`cputime=`). A filter
    /// that failed printed nothing and `rctl: failed to show resource consumption for
    /// 'jail:NAME': …` on stderr; the blocks belong to the others, in order. When the blocks
    /// cannot be matched to the jails one to one, every jail without a warning gets that error.
    public static func parseUsages(
        stdout: String, stderr: String, jails names: [String]
    ) -> [String: Result<Parsed<ResourceUsage>, ToolOutputError>] {
        var answers: [String: Result<Parsed<ResourceUsage>, ToolOutputError>] = [:]
        var failed = Set<String>()
        let prefix = "rctl: failed to show resource consumption for 'jail:"
        for line in stderr.split(separator: "\n") where line.hasPrefix(prefix) {
            let rest = line.dropFirst(prefix.count)
            guard let end = rest.firstRange(of: "': ") ?? rest.firstRange(of: "'") else { continue }
            let name = String(rest[..<end.lowerBound])
            guard names.contains(name) else { continue }
            failed.insert(name)
            answers[name] = .failure(ToolOutputError(tool: "rctl", message: String(line.dropFirst("rctl: ".count))))
        }
        let answered = names.filter { !failed.contains($0) }
        let blocks = splitBlocks(stdout)
        guard blocks.count == answered.count else {
            // Nothing at all, and something on stderr (racct switched off meanwhile): say that.
            let said = stderr.split(separator: "\n").first { !$0.hasPrefix(prefix) }
            let error = blocks.isEmpty && said != nil
                ? ToolOutputError(tool: "rctl", message: String(said!))
                : ToolOutputError(
                    tool: "rctl",
                    message: "-u printed usage for \(blocks.count) subjects, expected \(answered.count): cannot tell whose is whose")
            for name in answered { answers[name] = .failure(error) }
            return answers
        }
        for (name, block) in zip(answered, blocks) {
            do throws(ToolOutputError) {
                answers[name] = .success(try parseLines(block))
            } catch {
                answers[name] = .failure(error)
            }
        }
        return answers
    }

    /// The text cut before each line that names the same resource as the first line.
    static func splitBlocks(_ text: String) -> [String] {
        // Byte-wise: 128 jails' blocks of 25 lines each, every few refreshes.
        let lines = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: true)
        guard let first = lines.first, let equals = first.firstIndex(of: UInt8(ascii: "=")) else {
            return lines.isEmpty ? [] : [text]
        }
        let startKey = first[...equals]
        var blocks: [String] = []
        var blockStart: String.Index?
        var blockEnd = text.startIndex
        for line in lines {
            if line.starts(with: startKey), let start = blockStart {
                blocks.append(String(text[start..<blockEnd]))
                blockStart = nil
            }
            if blockStart == nil { blockStart = line.startIndex }
            blockEnd = line.endIndex
        }
        if let start = blockStart { blocks.append(String(text[start..<blockEnd])) }
        return blocks
    }

    /// Every `resource=value` line that can be read; a bad line costs only that resource.
    /// - Throws: when no line at all could be read (no usage is not all zeros).
    public static func parseLines(_ text: String) throws(ToolOutputError) -> Parsed<ResourceUsage> {
        var values: [String: Int] = [:]
        var skipped = SkippedRows()
        var lineNumber = 0
        for line in text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            let trimmed = Substring(line).trimmingASCIIWhitespace()
            if trimmed.isEmpty { continue }
            guard let equals = trimmed.utf8.firstIndex(of: UInt8(ascii: "=")) else {
                skipped.skip(
                    ToolOutputError(
                        tool: "rctl", line: lineNumber, message: "expected resource=value, got \(ToolOutputError.quote(trimmed))"))
                continue
            }
            let name = String(trimmed[..<equals])
            let valueText = trimmed[trimmed.utf8.index(after: equals)...]
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
