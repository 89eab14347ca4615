import Foundation
import JailtopActions
import JailtopCollect
import JailtopControl
import JailtopTestSupport
import Testing

@testable import JailtopApp
@testable import JailtopModel
@testable import JailtopUI

/// The loop end to end with a scripted terminal and the demo recording: samples arrive from
/// the collection task while keys are handled, frames are presented, quitting ends it.
@Suite(.serialized) struct AppLoopTests {
    /// Runs the blocking loop on its own thread, as the real program runs it on the main
    /// thread: blocking a cooperative-pool thread would starve the collection task.
    static func runOnThread(_ loop: AppLoop) async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let box = UncheckedBox(loop)
            Thread.detachNewThread {
                box.value.run()
                done.resume()
            }
        }
    }

    @Test func runsNavigatesAndQuits() async throws {
        let collector = try DemoHost.collector()
        let terminal = ScriptedTerminal(
            size: Size(width: 100, height: 30),
            script: [
                .waitFor("demo.jailtop.example"), .key(.character("N")), .key(.home), .key(.enter),
                .key(.character("2")), .waitFor("memoryuse"), .resize(Size(width: 80, height: 24)),
                .key(.character("q")),
            ],
            // Generous: the whole suite runs in parallel on two cores, and the first sample
            // decodes the demo recording.
            timeout: 90)
        let driver = CollectionDriver(collector: collector, interval: .milliseconds(50))
        let loop = AppLoop(
            terminal: terminal, driver: driver,
            state: AppState(size: terminal.size, sourceDescription: collector.sourceDescription, refreshInterval: 0.05))
        await Self.runOnThread(loop)
        #expect(terminal.timedOutWaitingFor == nil)
        #expect(loop.state.quitRequested)
        #expect(loop.state.tab == .limits && loop.state.focus == .detail)
        #expect(loop.state.jails.selectedName == "www")
        #expect(terminal.frames.last?.size == Size(width: 80, height: 24))
        #expect(terminal.lastFrameText.contains("www (JID 1)"))
    }

    @Test func quitSignalEndsTheLoop() async throws {
        let collector = try DemoHost.collector()
        let terminal = ScriptedTerminal(
            size: Size(width: 80, height: 24), script: [.waitFor("Jails:")] + Array(repeating: .waitFor("never shown"), count: 1), timeout: 90)
        let driver = CollectionDriver(collector: collector, interval: .seconds(1))
        final class Flag: @unchecked Sendable { var raised = false }
        let flag = Flag()
        let loop = AppLoop(
            terminal: terminal, driver: driver,
            state: AppState(size: terminal.size, sourceDescription: "demo", refreshInterval: 1),
            quitSignalled: {
                if terminal.lastFrameText.contains("Jails:") { flag.raised = true }
                return flag.raised
            })
        await Self.runOnThread(loop)
        #expect(loop.state.quitRequested)
        #expect(terminal.timedOutWaitingFor == nil)
    }

    /// A controller whose actions never finish until cancelled (a `jail -r` stuck in exec.stop).
    final class StuckController: Controller, @unchecked Sendable {
        private let lock = NSLock()
        private var cancelledFlag = false
        var cancelled: Bool { lock.withLock { cancelledFlag } }

        func preview(_ action: JailAction) -> Result<[ToolCommand], ActionError> { .success([ToolCommand("/usr/sbin/jail", ["-r", "www"])]) }
        func shell(jid: Int, name: String, owner: ManagedBy?) -> ShellRequest { ShellRequest(executable: "/usr/sbin/jexec", arguments: [], banner: "") }
        func perform(_ action: JailAction, confirmed: [ToolCommand]) async -> ActionOutcome {
            try? await Task.sleep(for: .seconds(60))
            lock.withLock { cancelledFlag = Task.isCancelled }
            return ActionOutcome(action: action, steps: [], succeeded: false, message: "killed at quit")
        }
    }

    @Test func quittingDuringAnActionStopsIt() async throws {
        let collector = try DemoHost.collector()
        let terminal = ScriptedTerminal(
            size: Size(width: 100, height: 30),
            script: [
                .waitFor("Jails:"), .key(.character("N")), .key(.home), .key(.character("x")), .waitFor("Really stop"),
                .key(.character("y")), .waitFor("stop jail www"), .key(.character("q")),
            ], timeout: 90)
        let driver = CollectionDriver(collector: collector, interval: .seconds(1))
        let controller = StuckController()
        let loop = AppLoop(
            terminal: terminal, driver: driver, controller: controller,
            state: AppState(size: terminal.size, sourceDescription: "demo", refreshInterval: 1))
        let start = ContinuousClock.now
        await Self.runOnThread(loop)
        #expect(terminal.timedOutWaitingFor == nil)
        #expect(ContinuousClock.now - start < .seconds(20))
        #expect(controller.cancelled, "the action was left running at quit")
        #expect(!driver.actionsRunning)
    }

    /// The driver on a manual clock: each refresh comes when the test moves time, not after a
    /// real sleep.
    @Test func theDriverRefreshesWhenItsClockSaysSo() async throws {
        let clock = ManualDriverClock()
        let driver = CollectionDriver(collector: try DemoHost.collector(), interval: .seconds(2), clock: clock)
        let task = driver.start()
        defer { task.cancel() }
        func samples() async -> Int {
            var waited = 0
            while clock.sleeping == 0, waited < 2000 {
                try? await Task.sleep(for: .milliseconds(5))
                waited += 1
            }
            return driver.drain().filter { if case .snapshot = $0 { true } else { false } }.count
        }
        #expect(await samples() == 1)
        clock.advance(by: .seconds(1))
        #expect(await samples() == 0, "half an interval is not a refresh")
        clock.advance(by: .seconds(1))
        try await Task.sleep(for: .milliseconds(20))
        #expect(await samples() == 1)
    }

    @Test func wakeupReturnsOnSignalOrTimeout() async {
        let w = Wakeup()
        let clock = ContinuousClock()
        let start = clock.now
        await w.wait(timeout: .milliseconds(30))
        #expect(clock.now - start >= .milliseconds(30))
        w.signal()
        let early = clock.now
        await w.wait(timeout: .seconds(10))
        #expect(clock.now - early < .seconds(5))
    }
}

/// Hands a non-Sendable value to another thread that alone uses it from then on.
final class UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
