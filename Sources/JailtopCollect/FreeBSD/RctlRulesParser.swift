import JailtopModel

/// Reads plain `rctl` (every rule on the host, one `subject:id:resource:action=amount[/per]` per
/// line, ids turned into names); a bad line is reported and the good ones are still returned.
///
/// rctl(8) splits the kernel's comma-separated rule list into lines (`print_rules` in
/// usr.bin/rctl/rctl.c); user, process and loginclass rules are listed along with jail rules.
public enum RctlRulesParser {
    /// The argv after the program path: no filter, so all rules come back in one call.
    public static let arguments: [String] = []

    /// The rules read, with the unreadable lines counted as skipped rows.
    public static func parseLines(_ text: String) -> Parsed<[RctlRule]> {
        let (rules, errors) = parse(text)
        var skipped = SkippedRows()
        for error in errors { skipped.skip(error) }
        return Parsed(rules, skipped: skipped)
    }

    public static func parse(_ text: String) -> (rules: [RctlRule], errors: [ToolOutputError]) {
        var rules: [RctlRule] = []
        var errors: [ToolOutputError] = []
        var lineNumber = 0
        for line in text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            let trimmed = Substring(line).trimmingASCIIWhitespace()
            if trimmed.isEmpty { continue }
            do throws(RctlRuleSyntaxError) {
                rules.append(try RctlRule(parsing: trimmed))
            } catch {
                errors.append(ToolOutputError(tool: "rctl", line: lineNumber, message: error.description))
            }
        }
        return (rules, errors)
    }
}
