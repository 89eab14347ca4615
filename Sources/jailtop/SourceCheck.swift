import JailtopModel

/// What a batch command makes of the sources that failed while a sample was taken: a source
/// the command needs (ps for `jailtop ps`) ends it with an error on stderr and exit status 1,
/// so a script never mistakes "ps failed" for "no processes"; every other problem, and rows a
/// needed source had to skip, is a warning on stderr. Stdout only ever carries the answer.
struct SourceCheck {
    let required: Set<SourceIssue.Source>
    /// Put before each warning: the host a remote sample came from (`h1: `).
    let prefix: String
    private var warned: Set<String> = []

    init(required: Set<SourceIssue.Source>, prefix: String = "") {
        self.required = required
        self.prefix = prefix
    }

    /// Warns about each new problem; throws for a needed source that failed as a whole.
    mutating func check(_ snapshot: Snapshot) throws(CLIError) {
        for issue in snapshot.errors where !required.contains(issue.source) || issue.isPartial {
            let text = "\(issue.source.rawValue): \(issue.message)"
            if warned.insert(text).inserted { Output.warn(prefix + "warning: " + text) }
        }
        let failed = snapshot.errors.filter { required.contains($0.source) && !$0.isPartial }
        guard !failed.isEmpty else { return }
        throw CLIError(failed.map { "\($0.source.rawValue) failed: \($0.message)" }.joined(separator: "; "))
    }
}
