extension RctlRule {
    /// Whether the amount counts for the whole jail (not per process, user or login class).
    /// The one place that compares `per`, so its type can change without hunting.
    public var countsPerJail: Bool { per == .jail }

    /// The rule's `/per` suffix as rctl writes it: empty when it counts per its subject.
    public var perSuffix: String { Self.perSuffix(per: per, subject: subject) }

    /// `/per`, or nothing when `per` is the subject.
    static func perSuffix(per: RctlSubject, subject: RctlSubject) -> String {
        per == subject ? "" : "/\(per)"
    }
}
