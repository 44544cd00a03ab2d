import Foundation
import Synchronization
import Testing
import WardenCore

@testable import Dashboard

@Suite("Project path cache")
struct ProjectPathCacheTests {
    /// A forge that knows project 1, refuses 2 and never answers for 3; it counts the lookups.
    final class Forge: Sendable {
        let lookups = Mutex<[ProjectID]>([])

        func path(_ id: ProjectID) async throws -> String {
            lookups.withLock { $0.append(id) }
            switch id {
            case 1: return "group/app"
            case 2: throw CancellationError()
            default:
                try await Task.sleep(for: .seconds(2))
                return "never"
            }
        }
    }

    /// A clock the test moves.
    final class Clock: Sendable {
        let now = Mutex(Date(timeIntervalSince1970: 1_000_000))
    }

    @Test("a page gets the paths found in time; a failed lookup is not repeated before retryAfter; a found one never again")
    func lookups() async throws {
        let forge = Forge()
        let clock = Clock()
        let cache = ProjectPathCache(timeout: .milliseconds(300), retryAfter: 60, now: { clock.now.withLock { $0 } }) { try await forge.path($0) }
        let started = ContinuousClock.now
        #expect(await cache.paths(of: [1, 2, 3]) == [1: "group/app"])
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(await cache.paths(of: [1, 2]) == [1: "group/app"])
        #expect(forge.lookups.withLock { $0.sorted() } == [1, 2, 3])
        clock.now.withLock { $0 += 61 }
        #expect(await cache.paths(of: [1, 2]) == [1: "group/app"])
        #expect(forge.lookups.withLock { $0.sorted() } == [1, 2, 2, 3])
    }
}
