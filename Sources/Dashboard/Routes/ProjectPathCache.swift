public import Foundation
public import WardenCore

/// GitLab project paths by id for the dashboard's links, looked up on the forge once and remembered, so a page waits
/// at most ``timeout`` for the forge and a forge that is down costs one short wait, not one per project.
///
/// A path found is kept for the process's life (a renamed project still redirects); a failed lookup is retried after
/// ``retryAfter``.
public actor ProjectPathCache {
    /// How long a page waits for lookups it started.
    public nonisolated let timeout: Duration
    /// How long a failed lookup is remembered.
    public nonisolated let retryAfter: TimeInterval
    /// The most paths kept; beyond it the cache starts afresh.
    static let capacity = 2000

    private let lookup: @Sendable (ProjectID) async throws -> String
    private let now: @Sendable () -> Date
    private var paths: [ProjectID: String] = [:]
    private var failed: [ProjectID: Date] = [:]
    private var pending: Set<ProjectID> = []

    /// Creates a cache over `lookup` (the forge's project path of an id).
    public init(
        timeout: Duration = .milliseconds(1500),
        retryAfter: TimeInterval = 300,
        now: @escaping @Sendable () -> Date = Date.init,
        lookup: @escaping @Sendable (ProjectID) async throws -> String
    ) {
        self.timeout = timeout
        self.retryAfter = retryAfter
        self.now = now
        self.lookup = lookup
    }

    /// The paths of `ids` known now or found within ``timeout``; the ids missing from the answer show as numbers.
    public func paths(of ids: Set<ProjectID>) async -> [ProjectID: String] {
        let at = now()
        for id in ids where paths[id] == nil && !pending.contains(id) && !(failed[id].map { at.timeIntervalSince($0) < retryAfter } ?? false) {
            pending.insert(id)
            let lookup = self.lookup
            Task {
                let result = await Result(catching: { try await lookup(id) })
                self.finish(id, result: result)
            }
        }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while ids.contains(where: { pending.contains($0) }), clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(25))
        }
        return paths.filter { ids.contains($0.key) }
    }

    private func finish(_ id: ProjectID, result: Result<String, any Error>) {
        pending.remove(id)
        switch result {
        case .success(let path):
            if paths.count >= Self.capacity { paths.removeAll() }
            paths[id] = path
            failed[id] = nil
        case .failure:
            failed[id] = now()
        }
    }
}

extension Result where Failure == any Error {
    /// The result of an async throwing body.
    fileprivate init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
