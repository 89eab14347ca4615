import Dispatch
import JailtopModel
import Synchronization

/// SIGTERM, SIGINT and SIGHUP for the batch commands (snapshot, ps, record): instead of
/// dying at once, which would leave a hung tool running with ppid 1 (each tool has a process group of
/// its own, so it does not share our fate), jailtop cancels its work, which tears every running
/// tool's process group down, and then dies of the signal as the sender expects.
enum TerminationSignals {
    static let handled = [SIGTERM, SIGINT, SIGHUP]
    /// How long the work may take to wind down after the signal before jailtop dies anyway.
    static let windDown: DispatchTimeInterval = .seconds(3)

    /// Runs `body`; a termination signal cancels it and, once it has returned (or after
    /// `windDown`), ends the process with that signal.
    static func run(_ body: @escaping @Sendable () async throws -> Void) async throws {
        let work = Task { try await body() }
        let (sources, received) = onFirst { number in
            work.cancel()
            DispatchQueue.global().asyncAfter(deadline: .now() + windDown) { die(of: number) }
        }
        let result = await work.result
        for source in sources { source.cancel() }
        if let number = received.value { die(of: number) }
        for s in handled { signal(s, SIG_DFL) }
        try result.get()
    }

    /// Ignores the handled signals' default action and calls `action` once, on the first of them
    /// (the exporter uses it to end cleanly); cancel the sources to stop listening.
    static func onFirst(_ action: @escaping @Sendable (Int32) -> Void) -> ([any DispatchSourceSignal], ReceivedSignal) {
        for s in handled { signal(s, SIG_IGN) }
        let received = ReceivedSignal()
        let sources = handled.map { number in
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                guard received.set(number) else { return }
                action(number)
            }
            source.resume()
            return source
        }
        return (sources, received)
    }

    /// Ends the process with `number` and its default action, so the parent sees the signal.
    private static func die(of number: Int32) -> Never {
        signal(number, SIG_DFL)
        // The runtime's threads may block it (libdispatch does, to deliver it to the source):
        // unblock it on this thread, so raise(3) acts at once.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, number)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        raise(number)
        exit(128 + number)
    }
}

/// The first termination signal that arrived, set once from any thread.
final class ReceivedSignal: Sendable {
    private let number = Mutex<Int32?>(nil)

    /// True for the first signal only.
    func set(_ value: Int32) -> Bool {
        number.withLock { current in
            guard current == nil else { return false }
            current = value
            return true
        }
    }

    var value: Int32? { number.withLock { $0 } }
}
