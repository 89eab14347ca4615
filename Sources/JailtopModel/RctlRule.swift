/// What an rctl rule is about, and what its amount is counted per: rctl(8)'s four subject types.
public enum RctlSubject: String, Sendable, Hashable, CaseIterable, Codable, StrictStringEnum, CustomStringConvertible {
    case process, user, loginclass, jail

    /// The full name, or one of rctl(8)'s abbreviations (`p`, `u`, `j`; `l`, `c`, `class` for loginclass).
    public init?(abbreviated text: String) {
        switch text {
        case "p": self = .process
        case "u": self = .user
        case "j": self = .jail
        case "l", "c", "class": self = .loginclass
        default: self.init(rawValue: text)
        }
    }

    public var description: String { rawValue }
}

/// What the kernel does when a rule's amount is reached (kern_rctl.c `actionnames`); a word this
/// version does not know is kept as it was read, since rules come from the kernel.
public enum RctlAction: Sendable, Hashable, Codable, RawRepresentable, CustomStringConvertible {
    case deny, log, devctl, throttle
    /// A signal sent to the offending process, named as rctl spells it after `sig` (`term`, `kill`).
    case signal(String)
    /// An action word that is none of the above.
    case other(String)

    /// The signal names rctl accepts, without their `sig` prefix (kern_rctl.c).
    public static let signalNames = [
        "hup", "int", "quit", "ill", "trap", "abrt", "emt", "fpe", "kill", "bus",
        "segv", "sys", "pipe", "alrm", "term", "urg", "stop", "tstp", "chld", "ttin",
        "ttou", "io", "xcpu", "xfsz", "vtalrm", "prof", "winch", "info", "usr1", "usr2",
        "thr",
    ]

    /// Every action the kernel knows, as rctl spells them.
    public static let known: [RctlAction] = [.deny, .log, .devctl, .throttle] + signalNames.map(RctlAction.signal)

    public init(rawValue: String) {
        switch rawValue {
        case "deny": self = .deny
        case "log": self = .log
        case "devctl": self = .devctl
        case "throttle": self = .throttle
        default:
            let name = String(rawValue.dropFirst(3))
            self = rawValue.hasPrefix("sig") && Self.signalNames.contains(name) ? .signal(name) : .other(rawValue)
        }
    }

    public var rawValue: String {
        switch self {
        case .deny: "deny"
        case .log: "log"
        case .devctl: "devctl"
        case .throttle: "throttle"
        case .signal(let name): "sig" + name
        case .other(let text): text
        }
    }

    /// False for `.other`: a word the kernel would refuse.
    public var isKnown: Bool {
        if case .other = Self(rawValue: rawValue) { return false }
        return true
    }

    public var description: String { rawValue }

    // Equal when spelled the same, so `.other("deny")` is `.deny`.
    public static func == (a: RctlAction, b: RctlAction) -> Bool { a.rawValue == b.rawValue }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }

    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}

/// One rctl(8) rule, `subject:id:resource:action=amount[/per]`, as the kernel lists it.
public struct RctlRule: Codable, Sendable, Equatable, Hashable {
    /// The rule exactly as rctl printed it (what `rctl -r` needs to remove it).
    public var rule: String
    public var subject: RctlSubject
    public var subjectID: String
    public var resource: String
    public var action: RctlAction
    public var amount: Int
    /// What the amount is counted per: the subject unless a `/per` suffix says otherwise.
    public var per: RctlSubject

    public init(
        subject: RctlSubject = .jail, subjectID: String, resource: String, action: RctlAction, amount: Int, per: RctlSubject? = nil
    ) {
        let per = per ?? subject
        self.init(
            rule: "\(subject):\(subjectID):\(resource):\(action)=\(amount)" + Self.perSuffix(per: per, subject: subject),
            subject: subject, subjectID: subjectID, resource: resource, action: action, amount: amount, per: per)
    }

    /// Every field as given, the rule text too (read back, not rebuilt: a schema-1 reader
    /// takes it as written, and building it costs more than reading the rest).
    init(rule: String, subject: RctlSubject, subjectID: String, resource: String, action: RctlAction, amount: Int, per: RctlSubject) {
        self.rule = rule
        self.subject = subject
        self.subjectID = subjectID
        self.resource = resource
        self.action = action
        self.amount = amount
        self.per = per
    }

    enum CodingKeys: String, CodingKey {
        case rule, resource, action, amount, per
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rule, forKey: .rule)
        try c.encode(resource, forKey: .resource)
        try c.encode(action.rawValue, forKey: .action)
        try c.encode(amount, forKey: .amount)
        try c.encode(per.rawValue, forKey: .per)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        rule = try c.decode(String.self, forKey: .rule)
        resource = try c.decode(String.self, forKey: .resource)
        action = try c.decode(RctlAction.self, forKey: .action)
        amount = try c.decode(Int.self, forKey: .amount)
        per = try c.decode(RctlSubject.self, forKey: .per)
        // The subject is not a field of schema 1: it is read back from the rule text.
        let parsed = try? RctlRule(parsing: rule)
        subject = parsed?.subject ?? .jail
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
    /// Works on the UTF-8 view: 2000 rules a refresh are read without per-Character work.
    public init(parsing line: String) throws(RctlRuleSyntaxError) {
        let text = line.trimmingASCIIWhitespace()
        let fail = { (reason: String) in RctlRuleSyntaxError(line: text, reason: reason) }
        let bytes = text.utf8
        guard let eq = bytes.lastIndex(of: UInt8(ascii: "=")) else { throw fail("expected '=amount'") }
        // The subject id may itself contain ':' only for odd names; rctl splits from the left,
        // so the resource and action are the last two fields and the id is all in between.
        var colons: [String.Index] = []
        var i = bytes.startIndex
        while i < eq {
            if bytes[i] == UInt8(ascii: ":") { colons.append(i) }
            bytes.formIndex(after: &i)
        }
        guard colons.count >= 3 else { throw fail("expected subject:id:resource:action") }
        let subjectText = text[..<colons[0]]
        guard let subject = RctlSubject(abbreviated: String(subjectText)) else {
            throw fail("unknown subject '\(subjectText)'")
        }
        let last = colons[colons.count - 1], beforeLast = colons[colons.count - 2]
        let subjectID = String(text[bytes.index(after: colons[0])..<beforeLast])
        let resource = String(text[bytes.index(after: beforeLast)..<last])
        let actionText = String(text[bytes.index(after: last)..<eq])
        guard !subjectID.isEmpty else { throw fail("missing subject id") }
        guard !resource.isEmpty else { throw fail("missing resource") }
        guard !actionText.isEmpty else { throw fail("missing action") }
        var per = subject
        var tail = text[bytes.index(after: eq)...]
        if let slash = tail.utf8.firstIndex(of: UInt8(ascii: "/")) {
            let perText = String(tail[tail.utf8.index(after: slash)...])
            guard let named = RctlSubject(abbreviated: perText) else { throw fail("unknown per '\(perText)'") }
            per = named
            tail = tail[..<slash]
        }
        guard let amount = Int(tail), amount >= 0 else { throw fail("amount '\(tail)' is not a whole number") }
        self.subject = subject
        self.subjectID = subjectID
        self.resource = resource
        self.action = RctlAction(rawValue: actionText)
        self.amount = amount
        self.per = per
        self.rule = text
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs, CR and LF (no Foundation needed).
    @inlinable
    public func trimmingASCIIWhitespace() -> String {
        let isSpace = { (c: UInt8) in c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
        var start: Index?
        var end = startIndex
        var i = utf8.startIndex
        while i < utf8.endIndex {
            let here = i, byte = utf8[i]
            utf8.formIndex(after: &i)
            if !isSpace(byte) {
                if start == nil { start = here }
                // Just past the last non-space byte: always a character boundary, even when
                // that byte ends a multi-byte character.
                end = i
            }
        }
        guard let start else { return "" }
        return String(self[start..<end])
    }
}
