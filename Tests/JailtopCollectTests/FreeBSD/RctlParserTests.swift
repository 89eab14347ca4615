// rctl-u-www.txt and rctl-rules.txt are BUILT from usr.bin/rctl/rctl.c (usage: the kernel's
// comma-separated `resource=value` list printed one per line, all 25 resources for a jail
// subject in sys/sys/racct.h order; rules: `print_rules`, one `subject:id:resource:action=amount[/per]`
// per line, `/per` only when it differs from the subject) and rctl.c's `enosys()` messages.
// Not captured on a host.
import JailtopModel
import Testing

@testable import JailtopCollect

/// Checks the rctl usage and rule parsers and the racct probe.
@Suite struct RctlParserTests {
    private func usageError(_ text: String) -> ToolOutputError? {
        do {
            _ = try RctlUsageParser.parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func usageFixtureHasAll25Resources() throws {
        let usage = try RctlUsageParser.parse(FreeBSDFixtures.text("rctl-u-www.txt"))
        #expect(usage.values.count == 25)
        #expect(Set(usage.values.keys) == Set(RacctResource.allCases.map(\.rawValue)))
        #expect(usage[.cputime] == 1843)
        #expect(usage[.memoryuse] == 412_753_920)
        #expect(usage[.vmemoryuse] == 2_915_074_048)
        #expect(usage[.wallclock] == 86417)
        #expect(usage[.writebps] == 4096)
        #expect(RctlUsageParser.arguments(jail: "www") == ["-u", "jail:www"])
    }

    @Test func usageKeepsUnknownResources() throws {
        let usage = try RctlUsageParser.parse("cputime=1\nfuturething=42\n")
        #expect(usage.values == ["cputime": 1, "futurething": 42])
    }

    @Test func usageRejectsBadLinesByNumber() {
        #expect(usageError("cputime=1\nmemoryuse\n")?.description == "rctl: line 2: expected resource=value, got \"memoryuse\"")
        #expect(usageError("cputime=1\nmemoryuse=2048M\n")?.description == "rctl: line 2: memoryuse: expected an integer, got \"2048M\"")
        #expect(usageError("=5\n")?.description == "rctl: line 1: missing resource name in \"=5\"")
        #expect(usageError("\n\n")?.description == "rctl: expected resource=value lines, got no output")
    }

    @Test func rulesFixtureKeepsEverySubject() throws {
        let (rules, errors) = RctlRulesParser.parse(try FreeBSDFixtures.text("rctl-rules.txt"))
        #expect(errors.isEmpty)
        #expect(rules.count == 10)
        #expect(rules[0] == RctlRule(subjectID: "www", resource: "memoryuse", action: .deny, amount: 2_147_483_648))
        #expect(rules.filter { $0.subject == .jail }.count == 8)
        let hierarchical = try #require(rules.first { $0.subjectID == "a.b" })
        #expect(hierarchical.resource == "vmemoryuse")
        let throttle = try #require(rules.first { $0.action == .throttle })
        #expect(throttle.amount == 10_485_760)
        let user = try #require(rules.first { $0.subject == .user })
        #expect(user.rule == "user:www:openfiles:deny=4096")
        let perProcess = try #require(rules.last)
        #expect(perProcess.subject == .loginclass)
        #expect(perProcess.per == .process)
    }

    @Test func badRuleLinesAreReportedGoodOnesKept() {
        let text = "jail:www:pcpu:deny=50\nnonsense\njail:db:maxproc:deny=lots\n\njail:db:nthr:deny=10\n"
        let (rules, errors) = RctlRulesParser.parse(text)
        #expect(rules.map(\.resource) == ["pcpu", "nthr"])
        #expect(errors.map(\.description) == [
            "rctl: line 2: malformed rule 'nonsense': expected '=amount'",
            "rctl: line 3: malformed rule 'jail:db:maxproc:deny=lots': amount 'lots' is not a whole number",
        ])
    }

    @Test func racctStateFromRctlStderr() {
        #expect(RacctProbe.state(fromRctlStderr: "rctl: RACCT/RCTL present, but disabled; enable using kern.racct.enable=1 tunable\n") == .disabled)
        #expect(RacctProbe.state(fromRctlStderr: "rctl: RACCT/RCTL support not present in kernel; see rctl(8) for details\n") == .absent)
        #expect(RacctProbe.state(fromRctlStderr: "rctl: failed to show resource consumption for 'jail:www': Operation not permitted\n") == nil)
        #expect(RacctProbe.state(fromRctlStderr: "") == nil)
    }

    @Test func fuzzedOutputNeverCrashes() throws {
        let seeds = [try FreeBSDFixtures.bytes("rctl-u-www.txt"), try FreeBSDFixtures.bytes("rctl-rules.txt")]
        for input in FuzzInputs(seeds: seeds, count: 3000, seed: 0x5EED_0004) {
            let text = String(decoding: input, as: UTF8.self)
            _ = try? RctlUsageParser.parse(text)
            _ = RctlRulesParser.parse(text)
            _ = RacctProbe.state(fromRctlStderr: text)
        }
    }
}
