/// What the collection driver's refresh interval is measured on: real time in the program, a
/// manual clock in tests (JailtopTestSupport's `ManualDriverClock`), so loop tests do not sleep.
public protocol DriverClock: Sendable {
    /// Returns after `duration` has passed on this clock; throws when the task is cancelled.
    func sleep(for duration: Duration) async throws
}

/// Real time: `Task.sleep`.
public struct RealDriverClock: DriverClock {
    public init() {}

    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}
