/// Slows password guessing down: after a few wrong credentials in a row from one client
/// address, that address is refused (429) for a delay that doubles with each further failure,
/// and its credentials are not even checked meanwhile. A right login clears the address.
///
/// Not thread-safe: the router keeps one and uses it on the server's thread only. Times are
/// monotonic seconds (`jt_http_now`), passed in so tests can run the clock.
public struct AuthFailureBackoff {
    /// When the delay starts, how it grows, and how much is remembered.
    public struct Policy: Sendable, Equatable {
        /// The failure that starts the first delay (failures before it are free).
        public var failuresBeforeDelay: Int
        /// The first delay; each further failure doubles it.
        public var firstDelay: Duration
        /// The longest delay.
        public var maxDelay: Duration
        /// Client addresses remembered at most; beyond that the one whose last failure is oldest
        /// is forgotten, so a flood of addresses cannot exhaust memory.
        public var maxClients: Int
        /// An address that has not failed for this long starts afresh.
        public var forgetAfter: Duration

        public init(
            failuresBeforeDelay: Int = 5, firstDelay: Duration = .milliseconds(100), maxDelay: Duration = .seconds(30),
            maxClients: Int = 4096, forgetAfter: Duration = .seconds(15 * 60)
        ) {
            self.failuresBeforeDelay = failuresBeforeDelay
            self.firstDelay = firstDelay
            self.maxDelay = maxDelay
            self.maxClients = maxClients
            self.forgetAfter = forgetAfter
        }
    }

    /// One client address's run of failures.
    private struct FailureRun {
        var failures: Int
        var lastFailure: Double
        var refusedUntil: Double
    }

    public let policy: Policy
    private var runs: [String: FailureRun] = [:]

    public init(policy: Policy = Policy()) {
        self.policy = policy
    }

    /// Client addresses remembered now.
    var trackedClients: Int { runs.count }

    /// Seconds `client` must still wait before its credentials are checked again, or nil when
    /// they may be checked now.
    mutating func refusal(for client: String, now: Double) -> Double? {
        guard let run = runs[client] else { return nil }
        if now - run.lastFailure >= Self.seconds(policy.forgetAfter) {
            runs[client] = nil
            return nil
        }
        return run.refusedUntil > now ? run.refusedUntil - now : nil
    }

    /// Wrong credentials from `client`: the failure that reaches `failuresBeforeDelay` refuses
    /// the address for `firstDelay`, and every one after it for twice as long as the last.
    mutating func recordFailure(of client: String, now: Double) {
        var run = runs[client] ?? FailureRun(failures: 0, lastFailure: now, refusedUntil: 0)
        if runs[client] == nil {
            makeRoom(now: now)
        } else if now - run.lastFailure >= Self.seconds(policy.forgetAfter) {
            run.failures = 0
        }
        run.failures += 1
        run.lastFailure = now
        let doublings = run.failures - max(1, policy.failuresBeforeDelay)
        if doublings >= 0 {
            let delay = Self.seconds(policy.firstDelay) * Double(sign: .plus, exponent: min(doublings, 64), significand: 1)
            run.refusedUntil = now + min(delay, Self.seconds(policy.maxDelay))
        }
        runs[client] = run
    }

    /// Right credentials from `client`: its failures are forgotten.
    mutating func recordSuccess(of client: String) {
        if !runs.isEmpty { runs[client] = nil }
    }

    /// Before a new address is remembered with the table full: forgets the addresses quiet for
    /// `forgetAfter`, then, if that was not enough, the one whose last failure is oldest.
    private mutating func makeRoom(now: Double) {
        let limit = max(1, policy.maxClients)
        guard runs.count >= limit else { return }
        let forgetAfter = Self.seconds(policy.forgetAfter)
        runs = runs.filter { now - $0.value.lastFailure < forgetAfter }
        while runs.count >= limit, let oldest = runs.min(by: { $0.value.lastFailure < $1.value.lastFailure })?.key {
            runs[oldest] = nil
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
