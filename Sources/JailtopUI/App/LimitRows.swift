import JailtopModel

/// One row of the Limits tab: a resource, its usage and its rule if it has one. Worked out in
/// one place for the pane that draws the rows and the reducer that moves through them and
/// edits the selected rule.
struct LimitRow: Equatable {
    var resource: String
    var unit: RacctResource.Unit
    var usage: Int?
    var rule: RctlRule?
    var estimated: Bool

    /// A usage or an amount in its resource's unit: `1.5G`, `3d04h`, `40%`, `120/s`.
    static func format(_ value: Int, _ unit: RacctResource.Unit) -> String {
        switch unit {
        case .bytes: Units.bytes(value)
        case .bytesPerSecond: Units.bytes(value) + "/s"
        case .seconds: Units.duration(seconds: value)
        case .percent: "\(value)%"
        case .operationsPerSecond: "\(value)/s"
        case .count: String(value)
        }
    }
}

extension Jail {
    /// The Limits tab's rows: resources with rules first (tightest first), then every other
    /// resource in kernel order.
    func limitRows() -> [LimitRow] {
        var rows: [LimitRow] = []
        var ruled = Set<String>()
        for u in limitUsages() {
            ruled.insert(u.rule.resource)
            rows.append(LimitRow(resource: u.rule.resource, unit: u.rule.racctResource?.unit ?? .count, usage: u.usage, rule: u.rule, estimated: u.estimated))
        }
        for rule in rules where !rows.contains(where: { $0.rule == rule }) {
            ruled.insert(rule.resource)
            rows.append(LimitRow(resource: rule.resource, unit: rule.racctResource?.unit ?? .count, usage: nil, rule: rule, estimated: false))
        }
        for r in RacctResource.allCases where !ruled.contains(r.rawValue) {
            if let v = racct?[r] {
                rows.append(LimitRow(resource: r.rawValue, unit: r.unit, usage: v, rule: nil, estimated: false))
            } else if racct == nil, state == .running, let est = psEstimateForDisplay(r) {
                rows.append(LimitRow(resource: r.rawValue, unit: r.unit, usage: est, rule: nil, estimated: true))
            }
        }
        return rows
    }

    /// The rules in the Limits tab's order.
    func rulesInLimitsOrder() -> [RctlRule] {
        limitRows().compactMap(\.rule)
    }
}
