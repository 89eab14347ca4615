import ArgumentParser
import JailtopActions
import JailtopCollect
import JailtopModel

/// `jailtop limit add|rm RULE`: the Limits tab's add and remove as commands. A rule is written
/// as rctl(8) takes it, `jail:NAME:RESOURCE:ACTION=AMOUNT[/PER]`, checked with the kernel's
/// rules first, and kept where the dashboard would keep it (the jail's manager, the kernel,
/// or with --rctl-conf also /etc/rctl.conf).
struct LimitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "limit", abstract: "Add or remove an rctl limit on a jail.",
        subcommands: [LimitAddCommand.self, LimitRemoveCommand.self])

    static let parts: Set<FreeBSDCollector.Part> = [.jails, .config, .managers, .rules]

    /// `jail:NAME:REST` split into the jail and REST; a rule on anything but a jail is refused.
    static func split(_ text: String) throws -> (jail: String, rest: String) {
        let fields = text.trimmingASCIIWhitespace().split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard fields.count == 3, fields[0] == "jail" || fields[0] == "j", !fields[1].isEmpty else {
            throw ValidationError("write the rule as rctl does: jail:NAME:RESOURCE:ACTION=AMOUNT[/PER], e.g. jail:www:memoryuse:deny=2g")
        }
        return (String(fields[1]), String(fields[2]))
    }
}

struct LimitAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add a limit (rctl -a, or through the jail's manager), then check the kernel lists it.")

    @OptionGroup var options: ActionOptions

    @Flag(help: "Also append the rule to /etc/rctl.conf, so it is loaded again at boot (jails no manager keeps).")
    var rctlConf = false

    @Argument(help: ArgumentHelp("jail:NAME:RESOURCE:ACTION=AMOUNT[/PER], e.g. jail:www:memoryuse:deny=2g.", valueName: "rule"))
    var rule: String

    func validate() throws {
        let (jail, rest) = try LimitCommand.split(rule)
        do { _ = try RuleValidator.rule(from: rest, jail: jail) } catch { throw ValidationError(error.description) }
    }

    func run() async throws {
        try await Output.reportingErrors(cancelOnSignals: true) {
            let (name, rest) = try LimitCommand.split(rule)
            let parsed = try RuleValidator.rule(from: rest, jail: name)
            let session = try await ActionSession.open(options, parts: LimitCommand.parts, needs: [.jails, .rules])
            let jail = try session.jail(name)
            // The rule names the kernel's jail, whichever name it was given by.
            let rule = RctlRule(subjectID: jail.name, resource: parsed.resource, action: parsed.action, amount: parsed.amount, per: parsed.per)
            if jail.rules.contains(rule) { throw CLIError("\(jail.name) already has \(rule.rule)") }
            let (keep, note) = ActionPlan.keeping(rule, .add, jail: jail, rctlConf: rctlConf)
            if rctlConf, keep != .rctlConf { Output.warn("note: \(note)") }
            try await session.run(.addRule(rule, keep: keep))
        }
    }
}

struct LimitRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm", abstract: "Remove a limit (rctl -r, or through the jail's manager), then check it is gone.",
        aliases: ["remove"])

    @OptionGroup var options: ActionOptions

    @Argument(help: ArgumentHelp("jail:NAME:RESOURCE:ACTION[=AMOUNT][/PER]: one of the jail's rules.", valueName: "rule"))
    var rule: String

    func validate() throws {
        _ = try LimitCommand.split(rule)
    }

    func run() async throws {
        try await Output.reportingErrors(cancelOnSignals: true) {
            let (name, rest) = try LimitCommand.split(rule)
            let session = try await ActionSession.open(options, parts: LimitCommand.parts, needs: [.jails, .rules])
            let jail = try session.jail(name)
            let existing = try Self.match(rest, in: jail)
            let (keep, _) = ActionPlan.keeping(existing, .remove, jail: jail, rctlConf: false)
            if let side = keep.sideEffect(of: .remove) { Output.warn("note: \(side)") }
            try await session.run(.removeRule(existing, keep: keep))
        }
    }

    /// The jail's one rule that `RESOURCE:ACTION[=AMOUNT][/PER]` names; what is left out
    /// matches anything, but it must name exactly one rule (no removal by a loose pattern).
    static func match(_ text: String, in jail: Jail) throws -> RctlRule {
        var pattern = Substring(text)
        var per: RctlSubject?
        if let slash = pattern.lastIndex(of: "/") {
            guard let named = RctlSubject(abbreviated: String(pattern[pattern.index(after: slash)...]).lowercased()) else {
                throw CLIError("unknown per '\(pattern[pattern.index(after: slash)...])'; one of: jail process user loginclass")
            }
            per = named
            pattern = pattern[..<slash]
        }
        var amount: String?
        if let eq = pattern.firstIndex(of: "=") {
            amount = String(pattern[pattern.index(after: eq)...])
            pattern = pattern[..<eq]
        }
        let fields = pattern.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count == 2, let resource = RacctResource(rawValue: fields[0].lowercased()) else {
            throw CLIError("write the rule as jail:NAME:RESOURCE:ACTION[=AMOUNT][/PER], e.g. jail:\(jail.name):memoryuse:deny")
        }
        let action = RctlAction(rawValue: fields[1].lowercased())
        let wanted = try amount.map { text throws(ActionError) in try RuleValidator.parseAmount(text, for: resource) }
        let candidates = jail.rules.filter { r in
            r.resource == resource.rawValue && r.action == action && (per.map { r.per == $0 } ?? true) && (wanted.map { r.amount == $0 } ?? true)
        }
        switch candidates.count {
        case 1: return candidates[0]
        case 0:
            let listed = jail.rules.map(\.rule).joined(separator: ", ")
            throw CLIError("\(jail.name) has no limit \(resource.rawValue):\(action)\(jail.rules.isEmpty ? " (it has none)" : "; it has \(listed)")")
        default:
            throw CLIError("several limits match (\(candidates.map(\.rule).joined(separator: ", "))): add =AMOUNT or /PER")
        }
    }
}
