import JailtopModel

/// Every racct resource of the jail: usage, and against each rctl rule a bar coloured by how
/// close it is (green, yellow from 75 %, red from 90 %). With racct off, ps estimates.
struct LimitsPane {
    var state: AppState
    var jail: Jail

    func render(into buffer: inout ScreenBuffer, area: Rect) {
        var y = area.y
        let racctState = state.snapshot?.host.racct ?? .enabled
        if let issue = state.snapshot?.issue(for: .usage) ?? state.snapshot?.issue(for: .rules) {
            buffer.put("! \(issue.source.rawValue): \(issue.message)", x: area.x + 1, y: y, style: Style(.error), maxWidth: area.width - 1)
            y += 1
        }
        if racctState != .enabled {
            let hint = racctState == .disabled
                ? "racct is off: set kern.racct.enable=1 in /boot/loader.conf and reboot. Showing ps estimates (~)."
                : "this kernel has no RACCT/RCTL. Showing ps estimates (~)."
            buffer.put(hint, x: area.x + 1, y: y, style: Style(.warning), maxWidth: area.width - 1)
            y += 1
        }
        if jail.state == .stopped {
            buffer.put("\(jail.name) is stopped; its rules stay in the kernel and apply when it starts.", x: area.x + 1, y: y, style: Style(.jailStopped), maxWidth: area.width - 1)
            y += 1
        }
        let rows = jail.limitRows()
        let listArea = Rect(x: area.x, y: y, width: area.width, height: area.maxY - y)
        guard !listArea.isEmpty else { return }
        if rows.isEmpty {
            buffer.put("no usage or rules to show", x: area.x + 1, y: y, style: Style(.dim), maxWidth: area.width - 1)
            return
        }
        let glyphs = Glyphs.forUnicode(state.unicode)
        // The selected row (edit/delete work on it) stays in view.
        let selected = min(state.limitSelection, rows.count - 1)
        let start = max(0, min(selected - listArea.height / 2, rows.count - listArea.height))
        let nameWidth = 16, valueWidth = 22
        let barWidth = max(0, min(40, listArea.width - nameWidth - valueWidth - 4))
        for (i, row) in rows.dropFirst(start).prefix(listArea.height).enumerated() {
            let ly = listArea.y + i
            buffer.put(row.resource, x: area.x + 1, y: ly, width: nameWidth, style: Style(row.rule == nil ? .dim : .normal, bold: row.rule != nil))
            var x = area.x + 1 + nameWidth
            if let rule = row.rule, let usage = row.usage {
                let fraction = rule.amount > 0 ? Double(usage) / Double(rule.amount) : 1
                if barWidth >= 5 {
                    Draw.meter(&buffer, x: x, y: ly, width: barWidth, fraction: fraction, label: Units.wholePercent(fraction: fraction), glyphs: glyphs)
                    x += barWidth + 1
                }
                let text = "\(LimitRow.format(usage, row.unit))\(row.estimated ? "~" : "") / \(LimitRow.format(rule.amount, row.unit)) \(rule.action)"
                    + rule.perSuffix
                buffer.put(text, x: x, y: ly, style: Style(Draw.levelRole(fraction)), maxWidth: area.maxX - x)
            } else if let rule = row.rule {
                buffer.put("limit \(LimitRow.format(rule.amount, row.unit)) \(rule.action), usage unknown", x: x, y: ly, style: Style(.dim), maxWidth: area.maxX - x)
            } else if let usage = row.usage {
                buffer.put(LimitRow.format(usage, row.unit) + (row.estimated ? "~" : ""), x: x, y: ly, maxWidth: area.maxX - x)
            }
        }
    }
}

extension Jail {
    /// ps-based stand-ins shown when racct is off.
    func psEstimateForDisplay(_ r: RacctResource) -> Int? {
        switch r {
        case .memoryuse: summary.rssBytes
        case .maxproc: summary.processes
        case .nthr: summary.threads
        case .pcpu: Units.clampedInt(summary.cpuPercent)
        default: nil
        }
    }
}
