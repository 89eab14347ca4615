import Testing

@testable import JailtopExport

@Suite("AuthFailureBackoff")
struct AuthFailureBackoffTests {
    let policy = AuthFailureBackoff.Policy(
        failuresBeforeDelay: 3, firstDelay: .milliseconds(100), maxDelay: .seconds(30), maxClients: 3, forgetAfter: .seconds(600))

    @Test("free failures, then a delay that doubles with each failure up to the cap")
    func doubling() {
        var backoff = AuthFailureBackoff(policy: policy)
        var now = 1000.0
        for _ in 0..<2 {
            backoff.recordFailure(of: "192.0.2.1", now: now)
            #expect(backoff.refusal(for: "192.0.2.1", now: now) == nil)
        }
        var expected = 0.1
        for _ in 0..<12 {
            backoff.recordFailure(of: "192.0.2.1", now: now)
            let wait = backoff.refusal(for: "192.0.2.1", now: now)
            #expect(abs((wait ?? 0) - min(expected, 30)) < 1e-9, "\(String(describing: wait)) != \(min(expected, 30))")
            // Refused until just before the end of the delay, checked again at its end.
            #expect(backoff.refusal(for: "192.0.2.1", now: now + min(expected, 30) - 0.01) != nil)
            now += min(expected, 30)
            #expect(backoff.refusal(for: "192.0.2.1", now: now) == nil)
            expected *= 2
        }
        // Another address is not affected.
        #expect(backoff.refusal(for: "192.0.2.2", now: now) == nil)
    }

    @Test("a right login clears the address; a long quiet spell forgets it")
    func reset() {
        var backoff = AuthFailureBackoff(policy: policy)
        for _ in 0..<3 { backoff.recordFailure(of: "a", now: 0) }
        #expect(backoff.refusal(for: "a", now: 0) != nil)
        backoff.recordSuccess(of: "a")
        #expect(backoff.refusal(for: "a", now: 0) == nil)
        backoff.recordFailure(of: "a", now: 1)
        #expect(backoff.refusal(for: "a", now: 1) == nil)

        for _ in 0..<5 { backoff.recordFailure(of: "b", now: 10) }
        #expect(backoff.refusal(for: "b", now: 10) != nil)
        // Ten minutes without a failure: it starts afresh, with free failures again.
        backoff.recordFailure(of: "b", now: 10 + 600)
        #expect(backoff.refusal(for: "b", now: 10 + 600) == nil)
    }

    @Test("the table is bounded: a new address beyond it forgets the one whose last failure is oldest")
    func bounded() {
        var slow = policy
        slow.firstDelay = .seconds(100)
        var backoff = AuthFailureBackoff(policy: slow)
        for (i, client) in ["a", "b", "c"].enumerated() {
            for _ in 0..<3 { backoff.recordFailure(of: client, now: Double(i)) }
        }
        #expect(backoff.trackedClients == 3)
        backoff.recordFailure(of: "d", now: 3)
        #expect(backoff.trackedClients == 3)
        #expect(backoff.refusal(for: "a", now: 3) == nil)
        #expect(backoff.refusal(for: "b", now: 3) != nil)
        #expect(backoff.refusal(for: "c", now: 3) != nil)
        // Thousands of addresses never grow it.
        for i in 0..<5000 { backoff.recordFailure(of: "10.0.\(i / 256).\(i % 256)", now: 4 + Double(i)) }
        #expect(backoff.trackedClients == 3)
    }
}
