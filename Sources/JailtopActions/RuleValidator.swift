import JailtopModel

/// Checks a limit before it reaches the kernel, with the kernel's own rules
/// (kern_rctl.c `rctl_rule_add`, freebsd-interfaces.md §3.5), and reads amounts the way
/// rctl(8) does (`512m`, `2g`: expand_number, powers of 1024).
public enum RuleValidator {
    /// Reads `resource:action=amount[/per]` typed in the limits editor for `jail` and checks it.
    public static func rule(from text: String, jail: String) throws(ActionError) -> RctlRule {
        let t = text.trimmingASCIIWhitespace()
        guard let colon = t.firstIndex(of: ":"), let eq = t.firstIndex(of: "="), colon < eq else {
            throw ActionError("type resource:action=amount, e.g. memoryuse:deny=2g or readbps:throttle=50m")
        }
        let resourceName = String(t[..<colon]).lowercased()
        let actionText = String(t[t.index(after: colon)..<eq]).lowercased()
        var amountText = String(t[t.index(after: eq)...])
        var perText: String?
        if let slash = amountText.firstIndex(of: "/") {
            perText = String(amountText[amountText.index(after: slash)...]).lowercased()
            amountText = String(amountText[..<slash])
        }
        guard let resource = RacctResource(rawValue: resourceName) else {
            throw ActionError("unknown resource '\(resourceName)'; one of: " + RacctResource.allCases.map(\.rawValue).joined(separator: " "))
        }
        let amount = try parseAmount(amountText, for: resource)
        let action = RctlAction(rawValue: actionText)
        try check(action, on: resource)
        var per: RctlSubject?
        if let perText {
            guard let named = RctlSubject(abbreviated: perText) else {
                throw ActionError("unknown per '\(perText)'; one of: jail process user loginclass")
            }
            per = named
        }
        let rule = RctlRule(subjectID: jail, resource: resource.rawValue, action: action, amount: amount, per: per)
        try check(rule)
        return rule
    }

    /// The kernel's rules for which action goes with which resource.
    public static func check(_ rule: RctlRule) throws(ActionError) {
        guard let resource = rule.racctResource else { throw ActionError("unknown resource '\(rule.resource)'") }
        try check(rule.action, on: resource)
        if rule.per == .process, resource.isSloppy {
            throw ActionError("\(resource.rawValue) is not accounted per process, so /process is refused")
        }
        if rule.subjectID.isEmpty || rule.subjectID.contains(":") {
            throw ActionError("a jail name with ':' cannot be used in an rctl rule")
        }
    }

    /// Whether the kernel takes `action` on `resource` (rctl_rule_add).
    static func check(_ action: RctlAction, on resource: RacctResource) throws(ActionError) {
        guard action.isKnown else {
            throw ActionError("unknown action '\(action)'; one of: deny log devctl throttle sig…")
        }
        if action == .deny, !resource.acceptsDeny {
            throw ActionError("\(resource.rawValue) cannot be denied (the kernel refuses deny on cputime, wallclock and the I/O rates); use log, devctl or a signal")
        }
        if action == .throttle, !resource.acceptsThrottle {
            throw ActionError("throttle works only on readbps, writebps, readiops and writeiops")
        }
    }

    /// `2g` → 2147483648; plain numbers for counts, seconds and percent.
    public static func parseAmount(_ text: String, for resource: RacctResource) throws(ActionError) -> Int {
        let t = text.trimmingASCIIWhitespace().lowercased()
        guard !t.isEmpty else { throw ActionError("missing amount") }
        var digits = t
        var multiplier = 1
        if let last = t.last, let power = "kmgtpe".firstIndex(of: last).map({ "kmgtpe".distance(from: "kmgtpe".startIndex, to: $0) + 1 }) {
            digits = String(t.dropLast())
            multiplier = 1 << (10 * power)
            if resource.unit != .bytes && resource.unit != .bytesPerSecond && resource.unit != .count && resource.unit != .operationsPerSecond {
                throw ActionError("a \(last) suffix makes no sense for \(resource.rawValue) (\(resource.unit == .percent ? "percent" : "seconds"))")
            }
        }
        guard let n = Int(digits), n >= 0 else { throw ActionError("amount '\(text)' is not a whole number (suffixes k m g t allowed)") }
        let (value, overflow) = n.multipliedReportingOverflow(by: multiplier)
        guard !overflow else { throw ActionError("amount '\(text)' is too large") }
        return value
    }}
