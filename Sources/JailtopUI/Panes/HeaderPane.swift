import JailtopModel

/// The top rows: host identity, uptime, load and time; CPU and memory meters; jail counts,
/// racct state, refresh interval, and any source that is failing.
struct HeaderPane {
    var state: AppState

    func render(into buffer: inout ScreenBuffer, area: Rect) {
        guard !area.isEmpty else { return }
        buffer.fill(area)
        let glyphs = Glyphs.forUnicode(state.unicode)
        guard let s = state.snapshot else {
            if let fleet = state.fleet {
                renderFleetLine(fleet, into: &buffer, x: area.x, y: area.y, maxX: area.maxX)
                return
            }
            let text = state.collectError.map { "collecting from \(state.sourceDescription) failed: \($0)" }
                ?? "collecting from \(state.sourceDescription)…"
            buffer.put(text, x: area.x, y: area.y, style: Style(state.collectError == nil ? .header : .error), maxWidth: area.width)
            return
        }
        let h = s.host
        let up = Units.uptime(seconds: h.uptime(at: s.time))
        let load = h.loadavg?.map { twoDecimals($0) }.joined(separator: " ") ?? ""
        var x = area.x
        let y0 = area.y
        // In the fleet dashboard these facts are the selected jail's host's.
        if let label = state.fleet.map({ $0.hosts[$0.focused].label }) {
            x += buffer.put("\(label): ", x: x, y: y0, style: Style(.header, bold: true), maxWidth: area.maxX - x)
        }
        x += buffer.put(h.hostname ?? Units.unknown, x: x, y: y0, style: Style(.headerValue, bold: true), maxWidth: area.maxX - x)
        x += buffer.put("  \(h.osrelease ?? Units.unknown)", x: x, y: y0, style: Style(.header), maxWidth: area.maxX - x)
        x += buffer.put("  up ", x: x, y: y0, style: Style(.header), maxWidth: area.maxX - x)
        x += buffer.put(up, x: x, y: y0, style: Style(.headerValue), maxWidth: area.maxX - x)
        x += buffer.put("  load ", x: x, y: y0, style: Style(.header), maxWidth: area.maxX - x)
        x += buffer.put(load.isEmpty ? "?" : load, x: x, y: y0, style: Style(.headerValue), maxWidth: area.maxX - x)
        let right = (state.paused ? "FROZEN  " : "") + clock(s.time)
        if area.maxX - x > right.count + 2 {
            buffer.put(right, x: area.maxX - right.count, y: y0, style: Style(state.paused ? .warning : .header, bold: state.paused))
        }
        guard area.height >= 3 else { return }

        // Row 2: meters side by side.
        let y1 = y0 + 1
        let half = area.width / 2
        let cpuLabel = h.cpuPercent.map { Units.percent($0) + "%" } ?? "?"
        buffer.put("CPU", x: area.x, y: y1, style: Style(.header, bold: true))
        Draw.meter(&buffer, x: area.x + 4, y: y1, width: max(0, half - 6), fraction: (h.cpuPercent ?? 0) / 100, label: cpuLabel, glyphs: glyphs)
        let memFraction = h.physmemBytes.map { $0 > 0 ? Double(h.memUsedBytes ?? 0) / Double($0) : 0 } ?? 0
        let memLabel = "\(Units.bytes(h.memUsedBytes))/\(Units.bytes(h.physmemBytes))"
        buffer.put("Mem", x: area.x + half, y: y1, style: Style(.header, bold: true))
        Draw.meter(&buffer, x: area.x + half + 4, y: y1, width: max(0, area.width - half - 4), fraction: memFraction, label: memLabel, glyphs: glyphs)

        // Row 3: counts, racct, interval, trouble.
        let y2 = y0 + 2
        x = area.x
        // Counted once per sample: filtering 1000 jails here copied every one of them per frame.
        // Across the fleet, every host's.
        let count = { (st: JailState) in
            state.fleet.map { $0.hosts.reduce(0) { $0 + $1.track.derived.jailStates[st] } } ?? state.derived.jailStates[st]
        }
        x += buffer.put("Jails: ", x: x, y: y2, style: Style(.header), maxWidth: area.maxX - x)
        x += buffer.put("\(count(.running)) running", x: x, y: y2, style: Style(.headerValue, bold: true), maxWidth: area.maxX - x)
        x += buffer.put(", ", x: x, y: y2, style: Style(.header), maxWidth: area.maxX - x)
        x += buffer.put("\(count(.dying)) dying", x: x, y: y2, style: Style(count(.dying) > 0 ? .jailDying : .header), maxWidth: area.maxX - x)
        x += buffer.put(", ", x: x, y: y2, style: Style(.header), maxWidth: area.maxX - x)
        x += buffer.put("\(count(.stopped)) stopped", x: x, y: y2, style: Style(count(.stopped) > 0 ? .jailStopped : .header), maxWidth: area.maxX - x)
        if count(.unknown) > 0 {
            x += buffer.put(", \(count(.unknown)) unknown", x: x, y: y2, style: Style(.error), maxWidth: area.maxX - x)
        }
        if let label = state.jails.manager.label {
            x += buffer.put("  [\(label)]", x: x, y: y2, style: Style(.warning, bold: true), maxWidth: area.maxX - x)
        }
        // What narrows the lists, so a kept filter is never forgotten on screen.
        for label in activeNarrowing {
            x += buffer.put("  [\(label)]", x: x, y: y2, style: Style(.warning, bold: true), maxWidth: area.maxX - x)
        }
        if let fleet = state.fleet {
            if let label = fleet.filter {
                x += buffer.put("  [@\(label)]", x: x, y: y2, style: Style(.warning, bold: true), maxWidth: area.maxX - x)
            }
            x += buffer.put("  ", x: x, y: y2, style: Style(.header), maxWidth: area.maxX - x)
            renderFleetLine(fleet, into: &buffer, x: x, y: y2, maxX: area.maxX)
            return
        }
        x += buffer.put("  Procs: ", x: x, y: y2, style: Style(.header), maxWidth: area.maxX - x)
        x += buffer.put(String(s.processCount), x: x, y: y2, style: Style(.headerValue), maxWidth: area.maxX - x)
        x += buffer.put("  racct: ", x: x, y: y2, style: Style(.header), maxWidth: area.maxX - x)
        x += buffer.put(h.racct.rawValue, x: x, y: y2, style: Style(h.racct == .enabled ? .headerValue : .warning), maxWidth: area.maxX - x)
        x += buffer.put("  every \(AppReducer.formatSeconds(state.refreshInterval))", x: x, y: y2, style: Style(.header), maxWidth: area.maxX - x)
        if let age = lateSampleAge {
            x += buffer.put(", last \(age)s ago", x: x, y: y2, style: Style(.warning, bold: true), maxWidth: area.maxX - x)
        }
        x += buffer.put("  \(state.sourceDescription)", x: x, y: y2, style: Style(.dim), maxWidth: area.maxX - x)
        if let problem = state.collectError ?? s.errors.first.map({ "\($0.source.rawValue): \($0.message)" }) {
            x += buffer.put("  ! ", x: x, y: y2, style: Style(.error, bold: true), maxWidth: area.maxX - x)
            buffer.put(problem, x: x, y: y2, style: Style(.error), maxWidth: area.maxX - x)
        }
    }

    /// Seconds since the last sample arrived, when that is well past the interval (a busy host
    /// whose tools take longer than it); nil while samples keep time or the view is paused.
    var lateSampleAge: Int? {
        guard !state.paused, let now = state.now, let arrival = state.lastSampleArrival else { return nil }
        let age = now - arrival
        let interval = state.refreshInterval
        guard age > max(2 * interval, interval + 2) else { return nil }
        return Units.clampedInt(age.rounded(.down))
    }

    /// The filters in force, as the header shows them: `J www` (one jail), `/web` (the jail
    /// list's filter), `procs /nginx` (the process list's).
    var activeNarrowing: [String] {
        var out: [String] = []
        if let scope = state.jailScope { out.append("J \(scope)") }
        if state.processes.scope == .host { out.append("J 0: host processes") }
        if state.processes.scope == .everyProcess { out.append("every process") }
        if !state.jails.filter.isEmpty { out.append("/\(state.jails.filter)") }
        if !state.processes.filter.isEmpty { out.append("procs /\(state.processes.filter)") }
        if let user = state.processes.user { out.append("user \(user)") }
        if state.processes.hideKernel { out.append("no kernel") }
        return out
    }

    /// "Hosts: 3/5 ok  h3 link lost  h4 connecting  (h3: Connection closed by remote host)":
    /// how many hosts are fine, each that is not (its link, or a source failing there), then
    /// the first one's reason, as far as the row goes (the states first, so a long reason
    /// never hides a host).
    func renderFleetLine(_ fleet: FleetState, into buffer: inout ScreenBuffer, x start: Int, y: Int, maxX: Int) {
        var x = start
        let troubled = fleet.hosts.compactMap { host in host.problem.map { (host, $0) } }
        let ok = fleet.hosts.count - troubled.count
        x += buffer.put("Hosts: ", x: x, y: y, style: Style(.header), maxWidth: maxX - x)
        x += buffer.put("\(ok)/\(fleet.hosts.count) ok", x: x, y: y, style: Style(troubled.isEmpty ? .headerValue : .warning, bold: true), maxWidth: maxX - x)
        for (host, problem) in troubled {
            let role: ColorRole = host.health == .connecting ? .dim : .error
            x += buffer.put("  \(host.label) \(problem.label)", x: x, y: y, style: Style(role, bold: true), maxWidth: maxX - x)
        }
        if let (host, problem) = troubled.first(where: { $0.1.reason != nil }), let reason = problem.reason {
            buffer.put("  (\(host.label): \(reason))", x: x, y: y, style: Style(.error), maxWidth: maxX - x)
        }
    }

    func clock(_ time: Double) -> String {
        let t = Units.clampedInt(time.rounded(.down)) ?? 0
        let secondsOfDay = ((t % 86400) + 86400) % 86400 + state.utcOffsetSeconds
        let d = ((secondsOfDay % 86400) + 86400) % 86400
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(two(d / 3600)):\(two(d % 3600 / 60)):\(two(d % 60))"
    }
}

func twoDecimals(_ v: Double) -> String {
    guard v.isFinite else { return Units.unknown }
    let h = Int((min(max(0, v), 1e12) * 100).rounded())
    return "\(h / 100)." + (h % 100 < 10 ? "0" : "") + "\(h % 100)"
}
