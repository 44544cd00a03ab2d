/// Runs `operation`, or gives up once `limit` has passed.
///
/// On time-out `onTimeout` runs first (a caller kills the processes the operation waits on there, so its I/O fails
/// at once), then the operation is cancelled and awaited, and `timedOut()` is thrown. The operation must end on
/// cancellation or once `onTimeout` ran.
/// - Parameters:
///   - limit: the time the operation may take.
///   - onTimeout: called once when the limit passes.
///   - timedOut: the error thrown on time-out.
///   - operation: the work.
/// - Returns: the operation's result.
/// - Throws: whatever the operation throws, or `timedOut()`.
func withTimeLimit<Value: Sendable>(
    _ limit: Duration,
    onTimeout: @escaping @Sendable () -> Void = {},
    timedOut: () -> any Error,
    _ operation: @escaping @Sendable () async throws -> Value
) async throws -> Value {
    try await withThrowingTaskGroup(of: Value?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else {
            onTimeout()
            throw timedOut()
        }
        return value
    }
}
