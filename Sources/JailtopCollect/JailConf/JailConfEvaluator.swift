/// Builds each jail of a view the way config.c load_config() does: the implied `name` (or `jid`),
/// then wildcard and own parameters in file order (so later definitions win), then per-jail variable
/// expansion; variables are dropped and booleans normalised at the end.
enum JailConfEvaluator {
    /// A jail and the problems jail(8) would report for it (such a jail fails to start).
    struct Evaluated: Sendable, Equatable {
        var jail: ConfiguredJail
        var errors: [JailConfError]
    }

    /// A parameter while a jail is being assembled (config.c's cfparam with its flags).
    private struct Working {
        var name: String
        var isVariable: Bool
        var immutable: Bool
        var values: [JailConfValue]
        var file: String
        var line: Int
        var bad = false
        var generation = 0
    }

    /// The jails of a view. `limits` bounds what expansion may produce (see `ExpansionLimits`); the
    /// total is shared by all the view's jails, since wildcards copy text into every one of them.
    static func evaluate(_ view: JailConfView, limits: ExpansionLimits = .standard) -> [Evaluated] {
        let definitions = view.definitions
        let wildcards = definitions.indices.filter { definitions[$0].isWildcard }
        var result: [Evaluated] = []
        var remaining = limits.maximumTotalLength
        for index in definitions.indices where !definitions[index].isWildcard {
            result.append(evaluate(jailAt: index, in: definitions, wildcards: wildcards, configFile: view.file,
                                   limits: limits, remaining: &remaining))
        }
        return result
    }

    private static func evaluate(
        jailAt jailIndex: Int, in definitions: [JailConfDefinition], wildcards: [Int], configFile: String,
        limits: ExpansionLimits, remaining budget: inout Int
    ) -> Evaluated {
        let definition = definitions[jailIndex]
        var list: [Working] = []
        var errors: [JailConfError] = []
        var hasName = false
        var remaining = budget
        var reportedTotal = false

        func report(_ file: String, _ line: Int, _ message: String) {
            errors.append(JailConfError(file: file, line: line, message: "\(definition.name): \(message)"))
        }

        // The block name implies `name`, or `jid` when it is a number; neither may be redefined.
        let implied = JailConfParamName.isJidName(definition.name) ? "jid" : "name"
        hasName = implied == "name"
        list.append(Working(name: implied, isVariable: false, immutable: true,
                            values: [JailConfValue(text: Array(definition.name.utf8))],
                            file: definition.file, line: definition.line))

        /// config.c add_param(): replace or append by `no`-insensitive name.
        func add(_ parameter: JailConfParameter) {
            // What is copied into the jail counts against the file's total: a wildcard or a global
            // parameter is copied into every jail.
            let cost = parameter.values.reduce(1) { $0 + $1.text.count + 1 }
            guard cost <= remaining else {
                if !reportedTotal {
                    reportedTotal = true
                    report(parameter.file, parameter.line, ExpansionRefusal.totalTooLong.message(limits))
                }
                return
            }
            remaining -= cost
            if let existing = list.firstIndex(where: { JailConfParamName.equal($0.name, parameter.name) }) {
                if list[existing].isVariable != parameter.isVariable {
                    report(parameter.file, parameter.line,
                           "variable \"$\(parameter.name)\" cannot have the same name as a parameter.")
                    return
                }
                if list[existing].immutable {
                    report(parameter.file, parameter.line, "cannot redefine parameter \"\(list[existing].name)\".")
                    return
                }
                // `persist;` then `nopersist;` renames the entry, which flips the boolean.
                list[existing].name = parameter.name
                if parameter.form != .append || parameter.values.isEmpty {
                    list[existing].values = []
                }
                list[existing].values += parameter.values
                list[existing].file = parameter.file
                list[existing].line = parameter.line
                return
            }
            list.append(Working(name: parameter.name, isVariable: parameter.isVariable, immutable: false,
                                values: parameter.values, file: parameter.file, line: parameter.line))
            if let known = JailConfParamName.internalNames.first(where: { JailConfParamName.equal(parameter.name, $0) }) {
                if parameter.isVariable {
                    report(parameter.file, parameter.line,
                           "variable \"$\(parameter.name)\" cannot have the same name as a parameter.")
                    return
                }
                if known == "name" || known == "jid" {
                    list[list.count - 1].immutable = true
                    if known == "name" { hasName = true }
                }
            }
        }

        // Wildcards written before the jail act as defaults, the jail's own parameters come next, and
        // wildcards written after it override (config.c: own parameters go in at the first wildcard
        // with a higher sequence number).
        var didSelf = false
        for wildcard in wildcards {
            if jailIndex < wildcard && !didSelf {
                definition.parameters.forEach(add)
                didSelf = true
            }
            if JailConfWildcard.matches(jailName: definition.name, pattern: definitions[wildcard].name) {
                definitions[wildcard].parameters.forEach(add)
            }
        }
        if !didSelf {
            definition.parameters.forEach(add)
        }
        if !hasName {
            list.append(Working(name: "name", isVariable: false, immutable: true,
                                values: [JailConfValue(text: Array(definition.name.utf8))],
                                file: definition.file, line: definition.line))
        }

        resolveVariables(&list, limits: limits, remaining: &remaining, reportedTotal: &reportedTotal, report: report)
        budget = remaining

        var params: [String: [String]] = [:]
        for parameter in list where !parameter.isVariable {
            let (key, values) = normalised(name: parameter.name, values: parameter.values.map(\.string))
            params[key] = values
        }
        let jail = ConfiguredJail(name: definition.name, params: params, file: definition.file,
                                  line: definition.line, configFile: configFile)
        return Evaluated(jail: jail, errors: errors)
    }

    /// config.c's substitution loop, including its order: a parameter whose value needs another
    /// unresolved one moves that one in front of it and resolves it first; meeting a parameter of the
    /// current generation again is a loop. A failed reference is left in the text as `${name}`.
    /// A substitution that would make a value longer than `limits.maximumValueLength`, or go over
    /// what is `remaining` of the file's total, fails the same way instead of growing.
    private static func resolveVariables(
        _ list: inout [Working], limits: ExpansionLimits, remaining: inout Int, reportedTotal: inout Bool,
        report: (String, Int, String) -> Void
    ) {
        var generation = 0
        var index = 0
        while index < list.count {
            generation += 1
            list[index].generation = generation
            var restart = true
            while restart {
                restart = false
                var valueIndex = 0
                values: while valueIndex < list[index].values.count {
                    while let reference = list[index].values[valueIndex].variables.first {
                        let current = list[index]
                        func fail(_ message: String?) {
                            if let message { report(current.file, current.line, message) }
                            for other in list.indices where list[other].generation == generation {
                                list[other].bad = true
                            }
                            substitute(&list[index].values[valueIndex], with: Array("${\(reference.name)}".utf8))
                        }
                        guard let source = list.firstIndex(where: { $0.name == reference.name }),
                              !list[source].values.isEmpty else {
                            fail("\(current.name): variable \"\(reference.name)\" not found")
                            continue
                        }
                        if list[source].bad {
                            fail(nil)
                            continue
                        }
                        if list[source].generation == generation {
                            fail("\(reference.name): variable loop")
                            continue
                        }
                        if list[source].values.contains(where: { !$0.variables.isEmpty }) {
                            // Entries before `index` are fully resolved, so `source` is always after it.
                            guard source > index else {
                                fail("\(reference.name): variable loop")
                                continue
                            }
                            list[source].generation = generation
                            let moved = list.remove(at: source)
                            list.insert(moved, at: index)
                            restart = true
                            break values
                        }
                        let replacement = list[source].values
                        let target = list[index].values[valueIndex]
                        if replacement.count > 1 && (!target.text.isEmpty || target.variables.count > 1) {
                            fail("\(current.name): array cannot be substituted inline")
                            continue
                        }
                        // Charged even when refused, so refusals cannot repeat for free either.
                        let cost = replacement.reduce(0) { $0 + $1.text.count + 1 }
                        guard cost <= remaining else {
                            remaining = 0
                            if reportedTotal {
                                fail(nil)
                            } else {
                                reportedTotal = true
                                fail("\(current.name): \(ExpansionRefusal.totalTooLong.message(limits))")
                            }
                            continue
                        }
                        remaining -= cost
                        if target.text.count + replacement[0].text.count > limits.maximumValueLength {
                            fail("\(current.name): \(ExpansionRefusal.valueTooLong.message(limits))")
                            continue
                        }
                        substitute(&list[index].values[valueIndex], with: replacement[0].text)
                        // A lone list variable (`ip4.addr = $addrs;`) is meant to become several values,
                        // and is expanded so here, but config.c then pops a variable off an empty list
                        // (STAILQ_REMOVE_HEAD on the new string) and jail(8) crashes: report it.
                        if replacement.count > 1 {
                            report(current.file, current.line,
                                   "\(current.name): list variable \"\(reference.name)\" cannot be substituted (jail(8) crashes on it)")
                            let extra = replacement[1...].map { JailConfValue(text: $0.text) }
                            list[index].values.insert(contentsOf: extra, at: valueIndex + 1)
                            valueIndex += extra.count
                        }
                    }
                    valueIndex += 1
                }
            }
            index += 1
        }
    }

    /// Inserts `bytes` where the first variable reference of `value` was, and drops that reference.
    private static func substitute(_ value: inout JailConfValue, with bytes: [UInt8]) {
        guard !value.variables.isEmpty else { return }
        let reference = value.variables.removeFirst()
        let position = min(max(reference.position, 0), value.text.count)
        value.text.insert(contentsOf: bytes, at: position)
        for other in value.variables.indices {
            value.variables[other].position += bytes.count
        }
    }

    /// The output form: a valueless boolean, or a `no`-prefixed one, becomes `["true"]`/`["false"]`
    /// under the positive name; everything else is kept as written.
    private static func normalised(name: String, values: [String]) -> (String, [String]) {
        if values.isEmpty {
            if JailConfParamName.nonBooleanNames.contains(name) { return (name, []) }
            let truth = JailConfParamName.booleanValue(name: name, values: [])
            return (JailConfParamName.positiveName(name), [truth ? "true" : "false"])
        }
        let positive = JailConfParamName.positiveName(name)
        if positive != name && !JailConfParamName.nonBooleanNames.contains(positive) {
            let truth = JailConfParamName.booleanValue(name: name, values: values)
            return (positive, [truth ? "true" : "false"])
        }
        return (name, values)
    }
}
