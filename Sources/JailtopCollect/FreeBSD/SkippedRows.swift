import JailtopModel

/// What a tolerant parser had to leave out: how many rows (ps rows, jls entries, sysctl or
/// rctl lines, netstat interfaces) it could not read, and why the first one failed. A bad row
/// costs that row, never the table.
public struct SkippedRows: Sendable, Equatable {
    public private(set) var count = 0
    /// The first row's error: what the user sees, since the rest are usually alike.
    public private(set) var first: ToolOutputError?

    public init() {}

    public var isEmpty: Bool { count == 0 }

    public mutating func skip(_ error: ToolOutputError) {
        if first == nil { first = error }
        count += 1
    }

    /// Adds what a later part of the same output skipped, whose lines were counted from 1:
    /// `lineOffset` makes them the output's own line numbers.
    mutating func append(_ later: SkippedRows, lineOffset: Int) {
        if first == nil, var error = later.first {
            error.line = error.line.map { $0 + lineOffset }
            first = error
        }
        count += later.count
    }

    /// `1 row unreadable: ps: line 7: …` — for a `SourceIssue` that leaves the rest usable.
    public func summary(unit: String = "row") -> String {
        let noun = count == 1 ? unit : unit + "s"
        return "\(count) \(noun) unreadable" + (first.map { ": \($0)" } ?? "")
    }

    /// The issue for `source`, or nil when nothing was skipped.
    public func issue(_ source: SourceIssue.Source, unit: String = "row") -> SourceIssue? {
        isEmpty ? nil : SourceIssue(source: source, message: summary(unit: unit), skippedRows: count)
    }
}

/// A tolerant parser's result: every row it could read, and what it skipped.
public struct Parsed<Value: Sendable>: Sendable {
    public var value: Value
    public var skipped: SkippedRows

    public init(_ value: Value, skipped: SkippedRows = SkippedRows()) {
        self.value = value
        self.skipped = skipped
    }

    /// The value when nothing was skipped; otherwise the first row's error. The strict form
    /// of every parser, for callers (and tests) that want all or nothing.
    public func strict() throws(ToolOutputError) -> Value {
        if let first = skipped.first { throw first }
        return value
    }
}
