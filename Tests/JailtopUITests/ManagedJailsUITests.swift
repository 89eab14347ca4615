import Foundation
import JailtopActions
import JailtopModel
import Testing

@testable import JailtopUI

/// The dashboard on jails a manager keeps (issue 14): the MANAGER column, the manager's
/// name, `m` to list one manager's jails, the Info tab, and who keeps a limit.
@Suite struct ManagedJailsUITests {
    @Test func theManagerColumnNameAndFilter() throws {
        var state = UITest.state()
        var text = Frame.render(state).lines.joined(separator: "\n")
        #expect(text.contains("MANAGER") && text.contains("bastille") && text.contains("pot"))
        UITest.press(&state, .character("m"))
        #expect(state.jails.manager == .manager("bastille") && state.message == "showing Bastille jails only (m: next)")
        text = Frame.render(state).lines.joined(separator: "\n")
        #expect(text.contains("[Bastille]"))
        #expect(Set(state.jailRows().map(\.jail.name)) == ["git", "monitor", "backup"])
        UITest.press(&state, .character("m"))
        #expect(state.jailRows().map(\.jail.name) == ["cache"])
        UITest.press(&state, .character("m"))
        #expect(state.jails.manager == .unmanaged && !state.jailRows().contains { $0.jail.managedBy != nil })
        UITest.press(&state, .character("m"))
        #expect(state.jails.manager == .all && state.jailRows().count == 14)
        // The `/` filter finds a manager by name too.
        state.jails.filter = "pot"
        #expect(state.jailRows().map(\.jail.name) == ["cache"])
    }

    @Test func aManagersOwnNameIsShownAndItsFactsAreInTheInfoTab() throws {
        var state = UITest.state()
        var sample = try #require(state.snapshot)
        let i = try #require(sample.jails.firstIndex { $0.name == "dns" })
        sample.jails[i].name = "ioc-dns_1"
        sample.jails[i].managedBy = ManagedBy(
            manager: "iocage", name: "dns.1", boot: true, priority: 20, notes: "resolver", release: "14.3-RELEASE",
            config: "/zroot/iocage/jails/dns.1/config.json")
        _ = AppReducer.reduce(&state, .snapshot(sample))
        var text = Frame.render(state).lines.joined(separator: "\n")
        #expect(text.contains("dns.1") && !text.contains("ioc-dns_1"), "the table shows iocage's name")
        state.jails.selectedName = "ioc-dns_1"
        UITest.press(&state, .character("3"))
        text = Frame.render(state).lines.joined(separator: "\n")
        #expect(text.contains("manager (iocage)") && text.contains("dns.1 (kernel name ioc-dns_1)"), "\(text)")
        #expect(text.contains("resolver") && text.contains("/zroot/iocage/jails/dns.1/config.json"))
    }

    @Test func whoKeepsALimitIsChosenAndSaid() throws {
        let deny = try RuleValidator.rule(from: "memoryuse:deny=1g", jail: "git")
        var git = Jail(jid: 5, name: "git", state: .running, managedBy: ManagedBy(manager: "bastille", name: "git"))
        var (keep, note) = AppReducer.keeping(deny, .add, jail: git, rctlConf: false)
        #expect(keep == .manager(git.managedBy!) && note == "Kept by Bastille (applied again at every start of git).")
        let log = try RuleValidator.rule(from: "memoryuse:log=1g", jail: "git")
        (keep, note) = AppReducer.keeping(log, .add, jail: git, rctlConf: true)
        #expect(keep == .rctlConf && note == "Bastille keeps only deny limits per jail: kept by the kernel and /etc/rctl.conf (loaded again at boot).")
        let mail = ManagedBy(manager: "cbsd", name: "mail")
        #expect(LimitKeeping.manager(mail).sideEffect(of: .remove)?.hasPrefix("cbsd's jrctl mode=unset drops every rule of mail") == true)
        #expect(LimitKeeping.manager(mail).sideEffect(of: .add) == nil && LimitKeeping.kernel.sideEffect(of: .remove) == nil)
        git.managedBy = nil
        (keep, _) = AppReducer.keeping(deny, .replace, jail: git, rctlConf: true)
        #expect(keep == .kernel, "only a new limit goes to rctl.conf")
    }
}
