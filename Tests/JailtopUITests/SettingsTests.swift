import Testing

@testable import JailtopModel
@testable import JailtopUI

/// Issue 16 (8): the setup screen (F2) and the jailtoprc it saves: columns and their order,
/// the interval and the sorts; a file that does not read costs its bad lines only.
@Suite struct SettingsTests {
    @Test func aFileReadsBackAsItWasWritten() {
        var settings = DashboardSettings()
        settings.delay = 1.5
        settings.jailColumns = [.name, .jid, .cpu, .memory, .limit]
        settings.processColumns = [.pid, .user, .cpu, .command]
        settings.jailSort = ColumnSort(.limit, descending: true)
        settings.processSort = ColumnSort(.pid, descending: false)
        settings.mouse = false
        settings.theme = .palette256
        let text = SettingsFile.render(settings)
        #expect(text.contains("jail_columns = name jid cpu mem lim\n") && text.contains("theme = 256\n"))
        #expect(text.contains("jail_sort = -lim\n") && text.contains("process_sort = pid\n") && text.contains("delay = 1.5\n"))
        let (read, problems) = SettingsFile.parse(text, file: "jailtoprc")
        #expect(problems.isEmpty)
        #expect(read == settings)
    }

    @Test func badLinesAreNamedByFileAndLineAndTheRestHolds() {
        let text = """
            # comment
            delay = 0.01
            jail_columns = jid nosuch cpu
            colour = red
            process_columns = pid user
            just words
            jail_sort = -mem   # trailing comment
            process_sort = sideways

            """
        let (read, problems) = SettingsFile.parse(text, file: "/home/a/.config/jailtop/jailtoprc")
        #expect(problems.map(\.description) == [
            "/home/a/.config/jailtop/jailtoprc:2: delay must be seconds from 0.2 to 86400, not 0.01",
            "/home/a/.config/jailtop/jailtoprc:3: no column nosuch (columns: host jid name manager state cpu mem lim procs thr diskrw netrxtx address cpuhistory)",
            "/home/a/.config/jailtop/jailtoprc:4: unknown setting colour (known: delay, jail_columns, process_columns, jail_sort, process_sort, theme, mouse)",
            "/home/a/.config/jailtop/jailtoprc:5: the columns must include command",
            "/home/a/.config/jailtop/jailtoprc:6: not a setting (name = value): just words",
            "/home/a/.config/jailtop/jailtoprc:8: no column to sort by named sideways (columns: pid jail user pri ni vsz rss s cpu mem time command)",
        ])
        #expect(read.jailSort == ColumnSort(.memory, descending: true))
        #expect(read.delay == nil && read.jailColumns == nil && read.processColumns == nil)
        // Control characters in a bad line never reach the screen.
        let hostile = SettingsFile.parse("x\u{1B}[31m = 1", file: "f").problems
        #expect(hostile.allSatisfy { !$0.description.contains("\u{1B}") })
    }

    @Test func theUsersFileWinsOverTheSystems() {
        var system = DashboardSettings()
        system.delay = 5
        system.jailColumns = [.name, .cpu]
        var user = DashboardSettings()
        user.delay = 1
        let merged = system.overridden(by: user)
        #expect(merged.delay == 1 && merged.jailColumns == [.name, .cpu])
    }

    @Test func settingsChangeTheScreen() {
        var state = UITest.state(size: Size(width: 120, height: 40))
        var settings = DashboardSettings()
        settings.jailColumns = [.name, .jid, .cpu]
        settings.processColumns = [.command, .pid]
        settings.jailSort = ColumnSort(.name, descending: false)
        state.apply(settings)
        let lines = Frame.render(state).lines
        #expect(lines[3].hasPrefix("NAME▲") && lines[3].contains("JID") && !lines[3].contains("MEM"), "\(lines[3])")
        #expect(lines.contains { $0.contains("COMMAND") && $0.hasSuffix("PID") || $0.contains("COMMAND") && $0.trimmingCharacters(in: .whitespaces).hasSuffix("PID") })
        #expect(state.jailRows().map(\.jail.displayName) == state.jailRows().map(\.jail.displayName).sorted())
    }

    @Test func theSetupScreenHidesMovesAndSaves() throws {
        var state = UITest.state(size: Size(width: 80, height: 24))
        UITest.press(&state, .function(2))
        guard case .setup? = state.overlay else {
            Issue.record("F2 opened \(String(describing: state.overlay))")
            return
        }
        var text = Frame.render(state).lines.joined(separator: "\n")
        #expect(text.contains("[Jail table]") && text.contains("[x] THR"))
        // Down to THR, hide it; NAME cannot be hidden.
        let thr = try #require(JailColumn.allCases.filter { $0 != .host }.firstIndex(of: .threads))
        for _ in 0..<thr { UITest.press(&state, .down) }
        UITest.press(&state, .character(" "))
        #expect(state.jailColumns?.contains(.threads) == false)
        text = Frame.render(state).lines.joined(separator: "\n")
        #expect(text.contains("[ ] THR"))
        UITest.press(&state, .home)
        for _ in 0..<10 { UITest.press(&state, .up) }
        UITest.press(&state, .down, .character(" "))
        #expect(state.message == "NAME is always shown")
        // NAME moves to the front.
        UITest.press(&state, .character("["))
        #expect(state.jailColumns?.first == .name)
        // The process list's section.
        UITest.press(&state, .tab)
        text = Frame.render(state).lines.joined(separator: "\n")
        #expect(text.contains("[Process list]") && text.contains("[x] COMMAND  (always)"))
        // The theme: chosen at once, the terminal told.
        UITest.press(&state, .tab)
        text = Frame.render(state).lines.joined(separator: "\n")
        #expect(text.contains("[Theme]") && text.contains("(*) default"))
        UITest.press(&state, .down, .down)
        #expect(AppReducer.reduce(&state, .key(.character(" "))) == [.useTheme(.palette256)])
        #expect(state.theme == .palette256)
        // The defaults: the interval and the sorts it starts with.
        UITest.press(&state, .tab)
        text = Frame.render(state).lines.joined(separator: "\n")
        #expect(text.contains("[Defaults]") && text.contains("refresh every 2s"))
        #expect(AppReducer.reduce(&state, .key(.character(" "))) == [.setInterval(3)])
        UITest.press(&state, .down, .character(" "))
        let jailSort = state.jails.sort
        #expect(jailSort != .cpu)
        UITest.press(&state, .character("I"))
        let descending = state.jails.descending
        let effects = AppReducer.reduce(&state, .key(.character("w")))
        guard case .saveSettings(let saved)? = effects.first else {
            Issue.record("w gave \(effects)")
            return
        }
        #expect(saved.jailColumns?.first == .name && saved.jailColumns?.contains(.threads) == false)
        #expect(saved.delay == 3 && saved.theme == .palette256)
        #expect(saved.jailSort == ColumnSort(jailSort, descending: descending))
        UITest.press(&state, .escape)
        #expect(state.overlay == nil)
        #expect(!Frame.render(state).lines[3].contains("THR"))
    }

    @Test func setupFrames() throws {
        var small = UITest.state(size: Size(width: 80, height: 24))
        UITest.press(&small, .function(2))
        try UITest.assertFrame(Frame.render(small), "setup-80x24")
        var large = UITest.state(size: Size(width: 120, height: 40))
        UITest.press(&large, .function(2), .tab)
        try UITest.assertFrame(Frame.render(large), "setup-120x40")
    }
}
