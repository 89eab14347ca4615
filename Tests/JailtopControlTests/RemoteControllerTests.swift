import JailtopActions
import JailtopCollect
import JailtopModel
import Testing

@testable import JailtopControl

/// Issue 15 (4): an action on a remote host is the far side's own command over ssh.
@Suite struct RemoteControllerTests {
    let controller = RemoteController(host: try! RemoteHost("h2"), ssh: SSHCommand(controlDirectory: nil), environment: [])

    @Test func eachActionIsTheFarSidesCommand() {
        let rule = RctlRule(subjectID: "www", resource: "memoryuse", action: .deny, amount: 2_147_483_648, per: nil)
        let tighter = RctlRule(subjectID: "www", resource: "memoryuse", action: .deny, amount: 1_073_741_824, per: nil)
        #expect(RemoteController.words(for: .start(jail: "www")) == [["start", "--", "www"]])
        #expect(RemoteController.words(for: .stop(jail: "-rf", jid: 3, configured: false)) == [["stop", "--", "-rf"]])
        #expect(RemoteController.words(for: .restart(jail: "www", jid: 3)) == [["restart", "--", "www"]])
        #expect(RemoteController.words(for: .signal(pids: [42, 43], signal: .HUP, jail: "www")) == [["kill", "-s", "HUP", "--", "42", "43"]])
        #expect(RemoteController.words(for: .signalJail(jail: "www", jid: 3, signal: .KILL)) == [["kill", "-s", "KILL", "-J", "www"]])
        #expect(RemoteController.words(for: .addRule(rule, keep: .rctlConf)) == [["limit", "add", "--rctl-conf", "--", "jail:www:memoryuse:deny=2147483648"]])
        #expect(RemoteController.words(for: .removeRule(rule)) == [["limit", "rm", "--", "jail:www:memoryuse:deny=2147483648"]])
        #expect(RemoteController.words(for: .replaceRule(old: rule, new: tighter)) == [
            ["limit", "rm", "--", "jail:www:memoryuse:deny=2147483648"], ["limit", "add", "--", "jail:www:memoryuse:deny=1073741824"],
        ])
    }

    @Test func theDialogShowsTheSshCommandThatRuns() throws {
        let commands = try controller.preview(.stop(jail: "web 1", jid: 3, configured: true)).get()
        #expect(commands.count == 1)
        #expect(commands[0].path == "ssh")
        // The jail name is quoted for the far side's shell, so "web 1" stays one word there.
        #expect(commands[0].arguments.suffix(7) == ["-T", "h2", "--", "jailtop", "stop", "--", "'web 1'"])
    }

    @Test func commandsThatChangedSinceTheDialogAreNotRun() async {
        let outcome = await controller.perform(.start(jail: "www"), confirmed: [ToolCommand("ssh", ["h9", "--", "jailtop", "start", "--", "www"])])
        #expect(!outcome.succeeded)
        #expect(outcome.steps.isEmpty)
        #expect(outcome.message.hasPrefix("not run"))
    }

    @Test func theShellIsSshWithATerminal() {
        var c = controller
        c.shellProgram = "/bin/csh"
        let request = c.shell(jid: 3, name: "www", owner: nil)
        #expect(request.arguments.contains("-t"))
        #expect(request.arguments.suffix(6) == ["jailtop", "shell", "--shell", "/bin/csh", "--", "www"])
        #expect(request.banner.contains("on h2"))
    }
}
