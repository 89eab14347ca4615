/// One rctl(8) rule, `subject:id:resource:action=amount[/per]`, as the kernel lists it.
public struct RctlRule: Codable, Sendable, Equatable, Hashable {
    /// The rule exactly as rctl printed it (what `rctl -r` needs to remove it).
    public var rule: String
    public var subject: String
    public var subjectID: String
    public var resource: String
    public var action: String
    public var amount: Int
    /// What the amount is counted per: the subject unless a `/per` suffix says otherwise.
    public var per: String

    public init(subject: String = "jail", subjectID: String, resource: String, action: String, amount: Int, per: String? = nil) {
        let per = per ?? subject
        self.subject = subject
        self.subjectID = subjectID
        self.resource = resource
        self.action = action
        self.amount = amount
        self.per = per
        self.rule = "\(subject):\(subjectID):\(resource):\(action)=\(amount)" + Self.perSuffix(per: per, subject: subject)
    }

    enum CodingKeys: String, CodingKey {
        case rule, resource, action, amount, per
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rule, forKey: .rule)
        try c.encode(resource, forKey: .resource)
        try c.encode(action, forKey: .action)
        try c.encode(amount, forKey: .amount)
        try c.encode(per, forKey: .per)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        rule = try c.decode(String.self, forKey: .rule)
        resource = try c.decode(String.self, forKey: .resource)
        action = try c.decode(String.self, forKey: .action)
        amount = try c.decode(Int.self, forKey: .amount)
        per = try c.decode(String.self, forKey: .per)
        // The subject is not a field of schema 1: it is read back from the rule text.
        let parsed = try? RctlRule(parsing: rule)
        subject = parsed?.subject ?? "jail"
        subjectID = parsed?.subjectID ?? ""
    }

    /// The resource as a known racct resource, if it is one.
    public var racctResource: RacctResource? { RacctResource(rawValue: resource) }
}

/// Why a rule line could not be read.
public struct RctlRuleSyntaxError: Error, Equatable, CustomStringConvertible {
    public var line: String
    public var reason: String
    public var description: String { "malformed rule '\(line)': \(reason)" }
}

extension RctlRule {
    /// Parses one line of `rctl` output (or a line of rctl.conf): `subject:id:resource:action=amount[/per]`.
    /// Subject abbreviations (`j`, `u`, `p`, `l`) are expanded as rctl(8) does.
    public init(parsing line: String) throws(RctlRuleSyntaxError) {
        let text = line.trimmingASCIIWhitespace()
        let fail = { (reason: String) in RctlRuleSyntaxError(line: text, reason: reason) }
        guard let eq = text.lastIndex(of: "=") else { throw fail("expected '=amount'") }
        let head = text[..<eq]
        var tail = text[text.index(after: eq)...]
        let parts = head.split(separator: ":", omittingEmptySubsequences: false)
        // The subject id may itself contain ':' only for odd names; rctl splits from the left.
        guard parts.count >= 4 else { throw fail("expected subject:id:resource:action") }
        let subject = Self.expandSubject(String(parts[0]))
        guard ["jail", "user", "process", "loginclass"].contains(subject) else {
            throw fail("unknown subject '\(parts[0])'")
        }
        let action = String(parts[parts.count - 1])
        let resource = String(parts[parts.count - 2])
        let subjectID = parts[1..<(parts.count - 2)].joined(separator: ":")
        guard !subjectID.isEmpty else { throw fail("missing subject id") }
        guard !resource.isEmpty else { throw fail("missing resource") }
        guard !action.isEmpty else { throw fail("missing action") }
        var per = subject
        if let slash = tail.firstIndex(of: "/") {
            per = Self.expandSubject(String(tail[tail.index(after: slash)...]))
            tail = tail[..<slash]
        }
        guard let amount = Int(tail), amount >= 0 else { throw fail("amount '\(tail)' is not a whole number") }
        self.subject = subject
        self.subjectID = subjectID
        self.resource = resource
        self.action = action
        self.amount = amount
        self.per = per
        self.rule = text
    }

    static func expandSubject(_ s: String) -> String {
        switch s {
        case "j": "jail"
        case "u": "user"
        case "p": "process"
        case "l", "c", "class": "loginclass"
        default: s
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs, CR and LF (no Foundation needed).
    public func trimmingASCIIWhitespace() -> String {
        let isSpace = { (c: Character) in c == " " || c == "\t" || c == "\n" || c == "\r" }
        guard let start = firstIndex(where: { !isSpace($0) }) else { return "" }
        let end = lastIndex(where: { !isSpace($0) }) ?? start
        return String(self[start...end])
    }
}
