import Foundation
import JailtopCollect
import JailtopTestSupport
import Testing

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
            ])
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
        let terminal = ScriptedTerminal(size: Size(width: 80, height: 24), script: [.waitFor("Jails:")] + Array(repeating: .waitFor("never shown"), count: 1))
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
