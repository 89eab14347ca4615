import JailtopModel

/// A process in full (Enter in a process list): what the sample says of it, its whole
/// command line wrapped, then its threads, open files and rules as the tools printed them.
/// Scrolls; `k` opens the signal menu for it.
struct ProcessDetailOverlay {
    var state: AppState
    var pid: Int

    func render(into buffer: inout ScreenBuffer, area: Rect) {
        let width = ScrolledText.contentWidth(in: area)
        var lines: [(text: String, style: Style)] = []
        func add(_ text: String, _ role: ColorRole = .dialog, bold: Bool = false) {
            // A line that fits keeps its spacing; a longer one is broken at its spaces.
            for line in text.count <= width ? [text] : ScrolledText.wrap(text, width: width) { lines.append((line, Style(role, bold: bold))) }
        }
        if let p = state.snapshot?.processes.first(where: { $0.pid == pid }) {
            let jail = p.jid == 0 ? "the host (in no jail)" : state.snapshot?.jails.first { $0.jid == p.jid }.map { "\($0.name) (JID \(p.jid))" } ?? "JID \(p.jid)"
            add("PID \(p.pid)  parent \(p.ppid)  in \(jail)", bold: true)
            add("user \(p.user) (uid \(p.uid))  state \(p.state)  priority \(p.priority)  nice \(p.nice)  threads \(p.threads)")
            let cpu = state.delta?.cpuPercent(ofProcess: p.pid) ?? p.cpuPercent
            add("CPU \(Units.percent(cpu))%  time \(Units.cpuTime(p.cpuTimeS))  running for \(Units.duration(seconds: p.elapsedS))")
            add("memory \(Units.bytes(p.rssBytes)) resident (\(Units.percent(p.memPercent))%), \(Units.bytes(p.vszBytes)) virtual")
            lines.append(("", Style(.dialog)))
            add("Command line", .dialog, bold: true)
            add(p.args.isEmpty ? "[\(p.command)]" : p.args)
        } else {
            add("process \(pid) is gone (not in the latest sample)", .warning, bold: true)
        }
        lines.append(("", Style(.dialog)))
        if let inspection = state.inspection {
            if let why = inspection.unavailable { add(why, .dim) }
            for section in inspection.sections {
                add(section.title, .dialog, bold: true)
                add("$ \(section.command)", .dim)
                // As the tool printed them: columns stay aligned, long lines are cut at the box.
                for line in section.lines { lines.append((line, Style(.dialog))) }
                if let problem = section.problem { add(problem, section.lines.isEmpty && problem == "none" ? .dim : .warning) }
                lines.append(("", Style(.dialog)))
            }
        } else {
            add("reading threads, open files and limits…", .dim)
        }
        add("k signal this process", .dim)
        ScrolledText(title: "Process \(pid)", lines: lines, scroll: state.overlayScroll, unicode: state.unicode).render(into: &buffer, area: area)
    }
}
