import Foundation
import Testing

@testable import JailtopModel

@Suite struct RctlRuleTests {
    @Test func parsesRuleLines() throws {
        let r = try RctlRule(parsing: "jail:www:memoryuse:deny=2147483648")
        #expect(r.subject == .jail && r.subjectID == "www" && r.resource == "memoryuse")
        #expect(r.action == .deny && r.amount == 2_147_483_648 && r.per == .jail)
        let perProcess = try RctlRule(parsing: "loginclass:users:vmemoryuse:deny=104857600/process")
        #expect(perProcess.per == .process && perProcess.subject == .loginclass)
        let abbreviated = try RctlRule(parsing: "j:db.main:pcpu:deny=50/p")
        #expect(abbreviated.subject == .jail && abbreviated.subjectID == "db.main" && abbreviated.per == .process)
        #expect(RctlRule(subjectID: "www", resource: "readbps", action: .throttle, amount: 1024).rule == "jail:www:readbps:throttle=1024")
    }

    /// The byte-wise parse: ids with ':' and non-ASCII text, surrounding whitespace, a
    /// whitespace-only line; trimming keeps a multi-byte last character whole.
    @Test func parsesOddIDsAndTrimsByBytes() throws {
        let colon = try RctlRule(parsing: "  jail:odd:name:maxproc:deny=7\r\n")
        #expect(colon.subjectID == "odd:name" && colon.resource == "maxproc" && colon.rule == "jail:odd:name:maxproc:deny=7")
        let wide = try RctlRule(parsing: "\tuser:日本é:pcpu:log=5/process ")
        #expect(wide.subjectID == "日本é" && wide.per == .process && wide.rule == "user:日本é:pcpu:log=5/process")
        #expect(" \t日本é\u{301} ".trimmingASCIIWhitespace() == "日本é\u{301}")
        #expect(Substring("  \r\n").trimmingASCIIWhitespace().isEmpty)
        #expect(throws: RctlRuleSyntaxError(line: "日本=1", reason: "expected subject:id:resource:action")) {
            try RctlRule(parsing: " 日本=1 ")
        }
    }

    /// Issue 12 (6): subjects, actions and pers are types; the kernel's words survive as they were.
    @Test func actionsAndSubjectsKeepTheKernelsWords() throws {
        #expect(RctlAction(rawValue: "sigterm") == .signal("term") && RctlAction.signal("kill").rawValue == "sigkill")
        #expect(RctlAction(rawValue: "throttle") == .throttle && RctlAction(rawValue: "sigbogus") == .other("sigbogus"))
        #expect(RctlAction.known.count == 4 + 31 && RctlAction.known.allSatisfy(\.isKnown))
        let odd = try RctlRule(parsing: "jail:www:memoryuse:newaction=1")
        #expect(odd.action == .other("newaction") && !odd.action.isKnown && odd.action.rawValue == "newaction")
        #expect(RctlSubject(abbreviated: "class") == .loginclass && RctlSubject(abbreviated: "group") == nil)
        // Schema 1 keeps plain strings.
        let rule = try RctlRule(parsing: "j:www:maxproc:sigkill=5/p")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(rule), as: UTF8.self)
        #expect(json == #"{"action":"sigkill","amount":5,"per":"process","resource":"maxproc","rule":"j:www:maxproc:sigkill=5/p"}"#)
        #expect(try JSONDecoder().decode(RctlRule.self, from: Data(json.utf8)) == rule)
        let unknown = try JSONDecoder().decode(RctlRule.self, from: Data(try encoder.encode(odd)))
        #expect(unknown == odd)
    }

    @Test(arguments: [
        ("jail:www:memoryuse:deny", "expected '=amount'"),
        ("jail:www:deny=1", "expected subject:id:resource:action"),
        ("host:www:memoryuse:deny=1", "unknown subject 'host'"),
        ("jail::memoryuse:deny=1", "missing subject id"),
        ("jail:www:memoryuse:deny=1/galaxy", "unknown per 'galaxy'"),
        ("jail:www:memoryuse:deny=2g", "amount '2g' is not a whole number"),
    ])
    func rejectsMalformedLines(line: String, reason: String) {
        #expect(throws: RctlRuleSyntaxError(line: line, reason: reason)) { try RctlRule(parsing: line) }
    }

    @Test func limitUsageUsesRacctThenPsEstimates() {
        var usage = ResourceUsage()
        usage[.memoryuse] = 900
        var jail = Jail(
            jid: 1, name: "www", state: .running, racct: usage,
            rules: [
                RctlRule(subjectID: "www", resource: "memoryuse", action: .deny, amount: 1000),
                RctlRule(subjectID: "www", resource: "maxproc", action: .deny, amount: 10),
                RctlRule(subjectID: "www", resource: "openfiles", action: .deny, amount: 10, per: .process),
            ],
            summary: JailSummary(processes: 5, threads: 9, cpuPercent: 1, rssBytes: 300))
        #expect(jail.tightestLimit?.rule.resource == "memoryuse")
        #expect(jail.tightestLimit?.fraction == 0.9)
        #expect(jail.limitUsages().count == 2)
        jail.racct = nil
        #expect(jail.tightestLimit?.estimated == true)
        #expect(jail.tightestLimit?.usage == 5)
    }
}
