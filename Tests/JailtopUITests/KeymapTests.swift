import Testing

@testable import JailtopModel
@testable import JailtopUI

/// The keymap table and the column tables: one source for keys, bar, help and menus.
@Suite struct KeymapTests {
    static let contexts: [KeyContext] = [AppState.Focus.jails, .detail].flatMap { focus in
        AppState.DetailTab.allCases.map { tab in
            var state = UITest.state()
            state.focus = focus
            state.tab = tab
            return KeyContext(state)
        }
    }

    @Test func everyBindingIsReachableSomewhere() {
        for binding in Keymap.bindings {
            let reachable = Self.contexts.contains { context in
                binding.scope.contains(context) && binding.keys.contains { Keymap.command(for: $0, in: context) == binding.command }
            }
            #expect(reachable, "\(binding.command) is shadowed everywhere")
        }
    }

    @Test func narrowScopesWinOverEverywhere() {
        var state = UITest.state()
        // htop's: k signals in every pane (never "up"), Z freezes; Space refreshes, as top's.
        #expect(Keymap.command(for: .character("k"), in: KeyContext(state)) == .signal)
        #expect(Keymap.command(for: .character("j"), in: KeyContext(state)) == nil)
        #expect(Keymap.command(for: .character("Z"), in: KeyContext(state)) == .togglePause)
        #expect(Keymap.command(for: .character(" "), in: KeyContext(state)) == .refreshNow)
        #expect(Keymap.command(for: .character("u"), in: KeyContext(state)) == .start)
        #expect(Keymap.command(for: .function(5), in: KeyContext(state)) == .toggleJailTree)
        state.focus = .detail
        #expect(Keymap.command(for: .character("k"), in: KeyContext(state)) == .signal)
        #expect(Keymap.command(for: .character(" "), in: KeyContext(state)) == .toggleTag)
        #expect(Keymap.command(for: .character("u"), in: KeyContext(state)) == .chooseUser)
        #expect(Keymap.command(for: .character("c"), in: KeyContext(state)) == .tagWithChildren)
        #expect(Keymap.command(for: .function(5), in: KeyContext(state)) == .toggleTree)
        state.tab = .limits
        #expect(Keymap.command(for: .character("n"), in: KeyContext(state)) == .addRule)
        state.tab = .info
        #expect(Keymap.command(for: .character("n"), in: KeyContext(state)) == nil)
    }

    /// Issue 16 (1): htop's filter keys open the filter, its search keys the search, and a key
    /// bound to nothing here says so instead of doing nothing silently.
    @Test func htopsFilterKeysFilterAndAnUnboundKeySaysSo() {
        for key: Key in [.character("\\"), .function(4)] {
            var state = UITest.state()
            UITest.press(&state, key)
            #expect(state.overlay == .filter, "\(key.label)")
        }
        for key: Key in [.character("/"), .function(3)] {
            var state = UITest.state()
            UITest.press(&state, key)
            #expect(state.overlay == .search(""), "\(key.label)")
        }
        var state = UITest.state()
        UITest.press(&state, .function(12))
        #expect(state.message == "F12 does nothing here (? lists the keys)")
        UITest.press(&state, .control("w"))
        #expect(state.message == "Ctrl-W does nothing here (? lists the keys)")
        // Text from outside the keyboard's printable range is named, never echoed raw.
        UITest.press(&state, .character("\u{1B}"))
        #expect(state.message == "U+1B does nothing here (? lists the keys)")
        #expect(state.overlay == nil)
    }

    @Test func barHelpAndMenuComeFromTheTable() throws {
        var state = UITest.state()
        #expect(Keymap.barEntries(in: KeyContext(state)).map(\.key) == ["t", "F1", "/", "\\", "s", "Tab", "J", "F2", "a", "Z", "+-", "q"])
        let help = HelpOverlay.lines(width: 200).joined(separator: "\n")
        for binding in Keymap.bindings { if let text = binding.help?.text { #expect(help.contains(text)) } }
        // Wrapped for the box at 80 columns: 80 less the margin, the border and the padding.
        #expect(HelpOverlay.lines(width: 74).allSatisfy { $0.count <= 74 })
        #expect(ScrolledText.contentWidth(in: Rect(x: 0, y: 0, width: 80, height: 24)) == 74)
        // The bar follows the pane and tab in focus: Space tags and k signals in the process
        // list (no "Spc Pause" there), the Limits tab shows add, edit and delete first.
        state.focus = .detail
        #expect(Keymap.barEntries(in: KeyContext(state)).map(\.key) == ["t", "Spc", "k", "F1", "/", "\\", "s", "Tab", "J", "F2", "a", "Z", "+-", "q"])
        #expect(Keymap.barEntries(in: KeyContext(state)).map(\.label).prefix(3) == ["Tree", "Tag", "Kill"])
        state.tab = .limits
        #expect(Keymap.barEntries(in: KeyContext(state)).prefix(3).map(\.label) == ["Add", "Edit", "Del"])
        state = UITest.state()
        let jail = try #require(state.snapshot?.jails.first { $0.state == .running && $0.configured })
        #expect(AppReducer.menuItems(for: jail).map(\.key) == ["x", "r", "e", "F9", "n"])
    }

    @Test func theMenuRunsCommandsNotKeys() {
        // "Add a limit…" works from the jail list too (a fake `n` needed the Limits tab).
        var state = UITest.state()
        UITest.press(&state, .character("a"))
        let items = AppReducer.menuItems(for: state.selectedJail(in: state.jailRows())!)
        let add = items.firstIndex { $0.command == .addRule }!
        for _ in 0..<add { UITest.press(&state, .down) }
        UITest.press(&state, .enter)
        #expect(state.overlay == .ruleEditor(text: "", editing: nil, error: nil))
    }

    @Test func columnTablesAreInDisplayOrder() {
        #expect(JailTableColumns.all.map(\.id) == JailColumn.allCases)
        #expect(ProcessTableColumns.all.map(\.id) == ProcessColumn.allCases)
    }

    @Test func rowsAreStoredUntilTheirInputsChange() throws {
        var state = UITest.state()
        let stored = try #require(state.storedJailRows)
        UITest.press(&state, .down, .down, .tab, .down)
        #expect(state.storedJailRows?.inputs == stored.inputs)
        UITest.press(&state, .tab, .character("M"))
        #expect(state.storedJailRows?.inputs != stored.inputs)
        #expect(state.storedJailRows?.rows == state.buildJailRows())
        let jail = try #require(state.selectedJail(in: state.jailRows()))
        #expect(state.storedProcessRows?.rows == state.buildProcessRows(of: jail))
    }

    /// Issue 16 (1): htop's search (F3, `/`) moves the selection to a match and keeps every
    /// row; F3 again finds the next; a search that finds nothing says so.
    @Test func searchJumpsWithoutHidingRows() throws {
        var state = UITest.state()
        let count = state.jailRows().count
        UITest.press(&state, .function(3))
        UITest.type(&state, "mai")
        #expect(state.selectedJail(in: state.jailRows())?.name == "mail")
        #expect(state.jailRows().count == count)
        UITest.press(&state, .enter)
        #expect(state.overlay == nil && state.selectedJail(in: state.jailRows())?.name == "mail")
        // F3 again: the next match (every jail whose address has 192.0.2.1…).
        UITest.press(&state, .character("/"))
        UITest.type(&state, "192.0.2.1")
        let first = try #require(state.selectedJail(in: state.jailRows())?.name)
        UITest.press(&state, .function(3))
        let second = try #require(state.selectedJail(in: state.jailRows())?.name)
        #expect(first != second)
        UITest.type(&state, "zzz")
        #expect(state.message == "no jail matches \"192.0.2.1zzz\"")
        #expect(state.selectedJail(in: state.jailRows())?.name == second)
        UITest.press(&state, .escape)
        // In the process list, processes.
        UITest.press(&state, .tab, .character("/"))
        UITest.type(&state, "init")
        let rows = AppReducer.selectedProcessRows(state)
        if let hit = rows.first(where: { $0.process.matches("init") }) {
            #expect(state.processes.selectedPID == hit.process.pid)
        } else {
            #expect(state.message?.hasPrefix("no process matches") == true)
        }
        #expect(Frame.render(state).lines.last?.hasPrefix("Search processes: init_") == true)
    }

    /// Issue 16 (1): htop's `c` tags a process with its children, `u` lists one user's
    /// processes (and the header says so), `k` in the jail list offers the jail's processes.
    @Test func htopsTagUserAndSignalKeys() throws {
        var state = UITest.state()
        let www = try #require(state.jailRows().first { $0.jail.name == "www" })
        state.jails.selectedName = www.key
        UITest.press(&state, .character("k"))
        guard case .signalMenu(let menu)? = state.overlay else {
            Issue.record("k in the jail list: \(String(describing: state.overlay))")
            return
        }
        #expect(menu.targets == [.jail])
        UITest.press(&state, .escape, .enter)
        // c: the php-fpm master and its pool workers.
        let rows = state.processRows(of: www.jail)
        let master = try #require(rows.first { row in rows.contains { $0.process.ppid == row.process.pid && $0.process.pid != row.process.pid } && row.process.ppid == 1 })
        let children = rows.filter { $0.process.ppid == master.process.pid }.map(\.process.pid)
        state.processes.selectedPID = master.process.pid
        UITest.press(&state, .character("c"))
        #expect(state.processes.tagged == Set([master.process.pid] + children))
        #expect(state.message == "tagged \(master.process.pid) and \(children.count) descendants")
        UITest.press(&state, .character("U"))
        #expect(state.processes.tagged.isEmpty)
        // u: one user's processes.
        let user = try #require(rows.first { $0.process.user != "root" }?.process.user)
        UITest.press(&state, .character("u"))
        UITest.type(&state, user)
        UITest.press(&state, .enter)
        #expect(state.processes.user == user)
        #expect(!state.processRows(of: www.jail).isEmpty && state.processRows(of: www.jail).allSatisfy { $0.process.user == user })
        #expect(Frame.render(state).lines[2].contains("[user \(user)]"))
        UITest.press(&state, .character("u"))
        UITest.type(&state, "nobody-here")
        UITest.press(&state, .enter)
        #expect(state.message == "no process of nobody-here here (u, Enter: every user's)")
        UITest.press(&state, .character("u"), .enter)
        #expect(state.processes.user == nil && state.processRows(of: www.jail).count == rows.count)
    }
}
