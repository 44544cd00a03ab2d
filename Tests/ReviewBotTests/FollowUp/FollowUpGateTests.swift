import Forge
import Foundation
import Synchronization
import Testing
import WardenCore
import WardenTestSupport

@testable import ReviewBot

/// The mention gate against the fake GitLab's members API: a long-running `serve` remembers only the last hour.
@Suite("FollowUpGate")
struct FollowUpGateTests {
    static let first = ForgeUser(id: 1, username: "user1")

    @Test("remembered access levels and mention windows are forgotten once they no longer count")
    func forgetsExpired() async throws {
        let gitlab = FakeGitLab(token: "glpat-gate-test")
        let url = try await gitlab.start()
        defer { Task { await gitlab.stop() } }
        await gitlab.addProject(id: 7, path: "acme/app", repositoryPath: "/nonexistent")
        for user in 1...20 { await gitlab.setAccessLevel(projectID: 7, userID: user, 30) }
        let forge = GitLabClient(baseURL: url.absoluteString, token: Secret("glpat-gate-test"))
        let clock = Mutex(Date(timeIntervalSince1970: 1_000_000))
        let gate = FollowUpGate(now: { clock.withLock { $0 } })
        let settings = ReviewSettings(maximumMentionsPerHour: 2)

        for user in 1...20 {
            #expect(try await gate.refusal(author: ForgeUser(id: user, username: "user\(user)"), projectID: 7, iid: user, settings: settings, forge: forge) == nil)
        }
        #expect(await gate.rememberedEntries == 40)
        #expect(try await gate.refusal(author: Self.first, projectID: 7, iid: 1, settings: settings, forge: forge) == nil)
        #expect(try await gate.refusal(author: Self.first, projectID: 7, iid: 1, settings: settings, forge: forge) == .tooManyMentions(limit: 2))

        clock.withLock { $0 = $0.addingTimeInterval(2 * 3600) }
        #expect(try await gate.refusal(author: Self.first, projectID: 7, iid: 1, settings: settings, forge: forge) == nil)
        #expect(await gate.rememberedEntries == 2)
    }
}
