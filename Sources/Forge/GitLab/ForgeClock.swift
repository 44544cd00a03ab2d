import Foundation

/// The time source the forge clients wait on, injected so tests never really sleep.
public protocol ForgeClock: Sendable {
    /// Monotonic time since an arbitrary origin; only differences matter.
    var now: Duration { get }
    /// Wall-clock seconds since 1970, for `RateLimit-Reset` and HTTP dates in `Retry-After`.
    var secondsSince1970: Double { get }
    /// Suspends for `duration`.
    /// - Throws: `CancellationError` when the task is cancelled.
    func sleep(for duration: Duration) async throws
}

/// The real clock: `ContinuousClock` for waits, the system time for reset timestamps.
public struct SystemForgeClock: ForgeClock {
    private let origin = ContinuousClock.now

    /// Creates the clock.
    public init() {}

    public var now: Duration { ContinuousClock.now - origin }

    public var secondsSince1970: Double { Date().timeIntervalSince1970 }

    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}
