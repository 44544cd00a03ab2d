import Forge
import Foundation
import ReviewBot
import Testing
import WardenCore
import WardenTestSupport

/// A commenter who copies the bot's hidden finding marker into their own note must not make the bot believe the
/// finding was already posted (and so suppress it).
@Suite("Marker spoofing end to end", .serialized)
struct MarkerSpoofingEndToEndTests {
    @Test("a human note carrying the bot's finding marker does not suppress that finding")
    func spoofedMarkerDoesNotSuppress() async throws {
        let harness = try await ReviewHarness.start(script: [
            ReviewHarness.review(summary: ReviewHarness.firstSummary, findings: ReviewHarness.firstFindings)
        ])
        defer { Task { await harness.stop() } }
        let fingerprint = FindingFingerprint(path: "src/app.py", anchorLineContent: "\(ReviewHarness.diffCanary) = 1 / 0", title: "Division by zero")
        _ = try await harness.gitlab.addNote(
            projectID: 7, iid: 1, body: "\(fingerprint.marker)\n**Division by zero** (already handled, bot)", author: ReviewHarness.human
        )

        try await harness.deliverOpenedAndWait()

        let threads = try await harness.findingNotes()
        #expect(threads.contains { FindingFingerprint(markerIn: $0.body) == fingerprint }, "the bot posted the spoofed finding itself")
        #expect(threads.count == 3)
    }

    @Test("the bot's identity comes from its token; a token of another account than configured is refused")
    func identityFromToken() async throws {
        let gitlab = FakeGitLab(token: "glpat-identity", user: FakeGitLab.User(id: 77, username: "Review-Bot"))
        let url = try await gitlab.start()
        defer { Task { await gitlab.stop() } }
        let forge = GitLabClient(baseURL: url.absoluteString, token: Secret("glpat-identity"))
        let resolved = try await BotIdentity.resolve(forge: forge, configuredUsername: "review-bot", configuredUserID: nil)
        #expect(resolved == BotIdentity(username: "Review-Bot", userID: 77))
        await #expect(throws: ConfigurationError.self) {
            try await BotIdentity.resolve(forge: forge, configuredUsername: "review-bot", configuredUserID: 78)
        }
        await #expect(throws: ConfigurationError.self) {
            try await BotIdentity.resolve(forge: forge, configuredUsername: "someone-else", configuredUserID: 77)
        }
    }
}
