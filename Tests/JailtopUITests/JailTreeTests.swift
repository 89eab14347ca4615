import Testing

@testable import JailtopModel
@testable import JailtopUI

/// Issue 16 (5): hierarchical jails as a tree: each under its parent, with its own figures,
/// foldable; a stopped child goes under its parent by name.
@Suite struct JailTreeTests {
    static func tree(size: Size = Size(width: 120, height: 40)) -> AppState {
        var state = UITest.state(size: size)
        UITest.press(&state, .character("t"))
        return state
    }

    @Test func childrenGoUnderTheirParentWithTheirOwnFigures() throws {
        let state = Self.tree()
        #expect(state.jails.tree)
        let rows = state.jailRows()
        let ci = try #require(rows.firstIndex { $0.jail.name == "ci" })
        let runner = try #require(rows.firstIndex { $0.jail.name == "ci.runner1" })
        #expect(runner == ci + 1)
        #expect(rows[runner].treePrefix == "└─ " && rows[ci].treePrefix.isEmpty)
        // Their own: the parent's processes are its own, not its child's.
        #expect(rows[ci].jail.summary.processes == 0 && rows[runner].jail.summary.processes > 0)
        let text = Frame.render(state).lines.joined(separator: "\n")
        #expect(text.contains("└─ ci.runner1"))
        #expect(rows.count == UITest.state().jailRows().count)
    }

    @Test func aFoldedParentHidesItsChildrenAndSaysHowMany() throws {
        var state = Self.tree()
        let ci = try #require(state.jailRows().first { $0.jail.name == "ci" })
        state.jails.selectedName = ci.key
        UITest.press(&state, .character("f"))
        var rows = state.jailRows()
        #expect(!rows.contains { $0.jail.name == "ci.runner1" })
        #expect(rows.first { $0.jail.name == "ci" }?.foldedJails == 1)
        #expect(Frame.render(state).lines.joined(separator: "\n").contains("ci [+1]"))
        UITest.press(&state, .character("f"))
        rows = state.jailRows()
        #expect(rows.contains { $0.jail.name == "ci.runner1" })
        // f outside the tree says what it is for; t again gives the list.
        UITest.press(&state, .character("t"), .character("f"))
        #expect(state.message == "f folds a jail's children in the tree (t)")
        #expect(state.jailRows().allSatisfy { $0.treePrefix.isEmpty })
    }

    @Test func aStoppedChildGoesUnderItsParentByName() {
        func jail(_ name: String, jid: Int?, parent: Int = 0) -> Jail {
            var j = UITest.demo.snapshots[1].jails[0]
            j.name = name
            j.jid = jid
            j.parent = parent
            j.state = jid == nil ? .stopped : .running
            return j
        }
        let rows = [jail("build", jid: 5), jail("cust", jid: 6), jail("cust.acme", jid: 7, parent: 6), jail("cust.acme.web", jid: nil), jail("build.ci", jid: nil)]
            .map { JailRow(jail: $0, figures: JailFigures(jail: $0, delta: nil, ownUsage: nil), readBytesPerSecond: nil, writeBytesPerSecond: nil, rxBytesPerSecond: nil, txBytesPerSecond: nil) }
        let tree = JailTree.arrange(rows, folded: [], unicode: false)
        #expect(tree.map { $0.treePrefix + $0.jail.name } == ["build", "`- build.ci", "cust", "`- cust.acme", "   `- cust.acme.web"])
        let folded = JailTree.arrange(rows, folded: [rows[1].key], unicode: false)
        #expect(folded.map(\.jail.name) == ["build", "build.ci", "cust"])
        #expect(folded[2].foldedJails == 2)
    }

    @Test func frames() throws {
        try UITest.assertFrame(Frame.render(Self.tree()), "jail-tree-120x40")
        try UITest.assertFrame(Frame.render(Self.tree(size: Size(width: 80, height: 24))), "jail-tree-80x24")
    }
}
