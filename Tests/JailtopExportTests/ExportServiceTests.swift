import Foundation
import JailtopCollect
import JailtopModel
import Synchronization
import Testing

@testable import JailtopExport

/// A collector that plays a script: each call returns the next sample or throws.
actor ScriptedCollector: Collector {
    enum Step {
        case sample(Snapshot)
        case fail(String)
    }

    nonisolated let sourceDescription = "scripted"
    nonisolated let isLive = false
    private var steps: [Step]
    private(set) var calls = 0

    init(_ steps: [Step]) {
        self.steps = steps
    }

    func collect() async throws -> Snapshot {
        calls += 1
        let step = steps.count > 1 ? steps.removeFirst() : steps[0]
        switch step {
        case .sample(let s): return s
        case .fail(let message): throw CollectFailure(message: message)
        }
    }
}

/// The error the scripted collector throws.
struct CollectFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

@Suite("ExportService")
struct ExportServiceTests {
    @Test("each sample is rendered once; issues are counted per source; failures publish health only")
    func counters() async throws {
        var withIssues = Fixtures.small
        withIssues.errors = [SourceIssue(source: .usage, message: "rctl: timed out"), SourceIssue(source: .network, message: "netstat")]
        var later = Fixtures.small
        later.jails.removeAll { $0.name == "www" }
        later.errors = [SourceIssue(source: .usage, message: "again")]
        let collector = ScriptedCollector([.sample(withIssues), .fail("jls: not found"), .sample(later)])
        let service = ExportService(collector: collector, interval: .seconds(60), wallClock: { 1_800_000_000 })
        #expect(service.currentPage == nil)

        let first = await service.collectOnce()
        #expect(first.page.generation == 1)
        #expect(first.failure == nil)
        #expect(first.issues.count == 2)
        var p = try ExpositionParser(first.page.text)
        #expect(p.value("jailtop_collector_errors_total", ["source": "usage"]) == 1)
        #expect(p.value("jailtop_collector_errors_total", ["source": "network"]) == 1)
        #expect(p.value("jailtop_last_collection_timestamp_seconds") == 1_800_000_000)
        #expect(p.value("jail_up", ["name": "www"]) == 1)
        #expect(service.currentPage?.generation == 1)

        let second = await service.collectOnce()
        #expect(second.failure == "jls: not found")
        p = try ExpositionParser(second.page.text)
        #expect(p.value("jail_up", ["name": "www"]) == nil)
        #expect(p.value("jailtop_last_collection_success") == 0)
        #expect(p.value("jailtop_collection_failures_total") == 1)
        #expect(p.value("jailtop_collections_total") == 2)
        #expect(p.value("jailtop_collector_errors_total", ["source": "usage"]) == 1)

        let third = await service.collectOnce()
        p = try ExpositionParser(third.page.text)
        #expect(p.value("jailtop_last_collection_success") == 1)
        #expect(p.value("jailtop_collector_errors_total", ["source": "usage"]) == 2)
        #expect(p.value("jailtop_collector_errors_total", ["source": "network"]) == 1)
        #expect(p.value("jail_up", ["name": "www"]) == nil)
        #expect(p.value("jail_up", ["name": "vpn"]) == 1)
        #expect((p.value("jailtop_collection_duration_seconds") ?? -1) >= 0)
        #expect(service.currentPage?.generation == 3)
        let health = await service.currentHealth
        #expect(health.collections == 3)
        #expect(health.sourceErrors == [.usage: 2, .network: 1])
    }

    @Test("run samples on its interval until cancelled")
    func runLoop() async throws {
        let collector = ScriptedCollector([.sample(Fixtures.small)])
        let service = ExportService(collector: collector, interval: .milliseconds(20))
        let seen = Mutex<[Int]>([])
        let task = Task {
            await service.run { outcome in seen.withLock { $0.append(outcome.page.generation) } }
        }
        var waited = 0
        while seen.withLock({ $0.count }) < 5, waited < 250 {
            try await Task.sleep(for: .milliseconds(20))
            waited += 1
        }
        task.cancel()
        await task.value
        let generations = seen.withLock { $0 }
        #expect(generations.count >= 5)
        #expect(generations == Array(1...generations.count))
        let calls = await collector.calls
        #expect(calls == generations.count)
    }

    @Test("run with the first sample already taken waits an interval first")
    func runAfterFirst() async throws {
        let collector = ScriptedCollector([.sample(Fixtures.small)])
        let service = ExportService(collector: collector, interval: .seconds(30))
        await service.collectOnce()
        let task = Task { await service.run(firstSampleTaken: true) }
        try await Task.sleep(for: .milliseconds(100))
        task.cancel()
        await task.value
        #expect(await collector.calls == 1)
    }

    @Test("the demo host replays through the service")
    func demoHost() async throws {
        let service = ExportService(collector: try DemoHost.collector())
        let outcome = await service.collectOnce()
        let p = try ExpositionParser(outcome.page.text)
        #expect(p.value("jail_up", ["name": "www"]) == 1)
        #expect(p.value("jailtop_host_racct_enabled") == 1)
    }
}

@Suite("ListenAddress")
struct ListenAddressTests {
    @Test func valid() throws {
        #expect(try ListenAddress.parse("127.0.0.1:9452") == ("127.0.0.1", 9452))
        #expect(try ListenAddress.parse("[::1]:9452") == ("::1", 9452))
        #expect(try ListenAddress.parse(":9452") == ("0.0.0.0", 9452))
        #expect(try ListenAddress.parse("localhost:0") == ("localhost", 0))
    }

    @Test(arguments: ["9452", "127.0.0.1", "127.0.0.1:", "127.0.0.1:70000", "::1:9452", "[::1]9452", "[::1", "[]:1", "a:-1"])
    func invalid(_ text: String) {
        #expect(throws: ListenAddressError.self) { try ListenAddress.parse(text) }
    }
}
