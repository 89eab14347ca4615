import JailtopModel

/// Batch commands across hosts (`snapshot --host h1 --host h2 --count N`): the samples of
/// every host's stream in rounds, round n holding each host's n-th sample, or why the host
/// has none. A host that fails is reported once, in the round it fails in, and left out of the
/// rounds after; the rounds end when every host has given its `count` or failed.
public enum FleetRounds {
    /// One host's part of a round.
    public struct Result: Sendable {
        public var host: RemoteHost
        /// The sample; nil when the host failed (see `health`).
        public var sample: Snapshot?
        public var health: RemoteHealth
    }

    /// Starts every stream, hands each round to `round` in host order, and stops the streams.
    public static func collect(
        _ streams: [RemoteHostStream], count: Int, round: ([Result]) async throws -> Void
    ) async throws {
        let (merged, input) = AsyncStream.makeStream(of: (Int, RemoteHostStream.Event?).self)
        let feeders = streams.enumerated().map { index, stream in
            Task {
                for await event in stream.events { input.yield((index, event)) }
                input.yield((index, nil))
            }
        }
        defer {
            streams.forEach { $0.stop() }
            feeders.forEach { $0.cancel() }
            input.finish()
        }
        streams.forEach { $0.start() }
        var queued = Array(repeating: [Snapshot](), count: streams.count)
        var health = Array(repeating: RemoteHealth.connecting, count: streams.count)
        var ended = Array(repeating: false, count: streams.count)
        var reported = Array(repeating: false, count: streams.count)
        var given = Array(repeating: 0, count: streams.count)
        var rounds = 0
        for await (index, event) in merged {
            switch event {
            case .sample(let sample)?: if given[index] + queued[index].count < count { queued[index].append(sample) }
            case .health(let now)?: health[index] = now
            case nil: ended[index] = true
            }
            // A round is ready when every host has its sample or is done for good.
            while rounds < count, streams.indices.allSatisfy({ !queued[$0].isEmpty || ended[$0] || reported[$0] }) {
                var results: [Result] = []
                for i in streams.indices where !reported[i] {
                    if !queued[i].isEmpty {
                        results.append(Result(host: streams[i].host, sample: queued[i].removeFirst(), health: .ok))
                        given[i] += 1
                    } else {
                        reported[i] = true
                        let why = health[i] == .ok || health[i] == .connecting
                            ? RemoteHealth.linkLost("the stream ended after \(given[i]) of \(count) samples") : health[i]
                        results.append(Result(host: streams[i].host, sample: nil, health: why))
                    }
                }
                rounds += 1
                try await round(results)
                if results.allSatisfy({ $0.sample == nil }) { return }
            }
            if rounds >= count { return }
        }
    }
}
