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

/// A collector whose first sample is good and whose second waits until its task is cancelled,
/// then ends as one whose tools were interrupted: with a degraded sample, or an error.
actor InterruptedCollector: Collector {
    /// How the interrupted collection ends.
    enum Ending: Sendable, CustomTestStringConvertible {
        case degradedSample, error

        var testDescription: String { self == .error ? "ends with an error" : "ends with a degraded sample" }
    }

    nonisolated let sourceDescription = "interrupted"
    nonisolated let isLive = false
    let ending: Ending
    private(set) var calls = 0

    init(ending: Ending) {
        self.ending = ending
    }

    func collect() async throws -> Snapshot {
        calls += 1
        guard calls > 1 else { return Fixtures.small }
        try? await Task.sleep(for: .seconds(60))
        switch ending {
        case .degradedSample:
            var sample = Fixtures.small
            for i in sample.jails.indices { sample.jails[i].interfaces = [] }
            sample.errors = [SourceIssue(source: .network, message: "netstat was killed by signal 15")]
            return sample
        case .error:
            throw CollectFailure(message: "jls was killed by signal 15")
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

        let first = try #require(await service.collectOnce())
        #expect(first.page.generation == 1)
        #expect(first.failure == nil)
        #expect(first.issues.count == 2)
        var p = try ExpositionParser(first.page.text)
        #expect(p.value("jailtop_collector_errors_total", ["source": "usage"]) == 1)
        #expect(p.value("jailtop_collector_errors_total", ["source": "network"]) == 1)
        #expect(p.value("jailtop_last_collection_timestamp_seconds") == 1_800_000_000)
        #expect(p.value("jail_up", ["name": "www"]) == 1)
        #expect(service.currentPage?.generation == 1)

        let second = try #require(await service.collectOnce())
        #expect(second.failure == "jls: not found")
        p = try ExpositionParser(second.page.text)
        #expect(p.value("jail_up", ["name": "www"]) == nil)
        #expect(p.value("jailtop_last_collection_success") == 0)
        #expect(p.value("jailtop_collection_failures_total") == 1)
        #expect(p.value("jailtop_collections_total") == 2)
        #expect(p.value("jailtop_collector_errors_total", ["source": "usage"]) == 1)

        let third = try #require(await service.collectOnce())
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

    @Test("a sample without the jail list (jls failed) is a failed collection; one short of some rows is not")
    func jailListFailed() async throws {
        // What the collector makes when jls fails: every configured jail, its state unknown.
        var withoutJails = Fixtures.small
        withoutJails.jails = withoutJails.jails.filter { $0.configured }.map { jail in
            var unknown = jail
            unknown.state = .unknown
            unknown.jid = nil
            return unknown
        }
        withoutJails.errors = [SourceIssue(source: .jails, message: "jls exited 1: jls: sysctl: Operation not permitted")]
        var partial = Fixtures.small
        partial.errors = [SourceIssue(source: .jails, message: "1 jail entry skipped", skippedRows: 1)]
        let collector = ScriptedCollector([.sample(withoutJails), .sample(partial)])
        let service = ExportService(collector: collector, interval: .seconds(60))

        let failed = try #require(await service.collectOnce())
        var p = try ExpositionParser(failed.page.text)
        #expect(p.value("jailtop_last_collection_success") == 0)
        #expect(p.value("jailtop_collection_failures_total") == 1)
        #expect(p.value("jailtop_collector_errors_total", ["source": "jails"]) == 1)
        // Not "every jail is down": the jails' states are unknown, so they are left out.
        #expect(p.samples(named: "jail_up").isEmpty)
        #expect(failed.issues.map(\.source) == [.jails])

        let short = try #require(await service.collectOnce())
        p = try ExpositionParser(short.page.text)
        #expect(p.value("jailtop_last_collection_success") == 1)
        #expect(p.value("jailtop_collection_failures_total") == 1)
        #expect(p.value("jail_up", ["name": "www"]) == 1)
    }

    @Test(
        "a collection cancelled by shutdown publishes nothing and counts nothing: the last good page stays",
        arguments: [InterruptedCollector.Ending.degradedSample, .error])
    func cancelledCollection(ending: InterruptedCollector.Ending) async throws {
        let collector = InterruptedCollector(ending: ending)
        let service = ExportService(collector: collector, interval: .milliseconds(10))
        let published = Mutex<[Int]>([])
        let task = Task {
            await service.run { outcome in published.withLock { $0.append(outcome.page.generation) } }
        }
        var waited = 0
        while await collector.calls < 2, waited < 250 {
            try await Task.sleep(for: .milliseconds(20))
            waited += 1
        }
        #expect(await collector.calls == 2, "the second collection never started")
        task.cancel()
        await task.value
        #expect(published.withLock { $0 } == [1])
        let page = try #require(service.currentPage)
        #expect(page.generation == 1)
        let p = try ExpositionParser(page.text)
        #expect(p.value("jail_network_receive_bytes_total", ["name": "vpn", "interface": "epair4b"]) == 123_456)
        let health = await service.currentHealth
        #expect(health.collections == 1)
        #expect(health.collectionFailures == 0)
        #expect(health.sourceErrors.isEmpty)
        #expect(health.lastCollectionSucceeded)
    }

    @Test("the demo host replays through the service")
    func demoHost() async throws {
        let service = ExportService(collector: try DemoHost.collector())
        let outcome = try #require(await service.collectOnce())
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
