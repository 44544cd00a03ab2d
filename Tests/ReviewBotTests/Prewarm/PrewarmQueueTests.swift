import ReviewBot
import Testing
import WardenCore

@Suite("Pre-warm queue")
struct PrewarmQueueTests {
    static func target(_ project: Int, _ head: String) -> PrewarmHead {
        .gitlab(ReviewTarget(projectID: project, mergeRequestIID: 1, headSHA: head))
    }

    static func pullRequest(_ repository: Int, _ head: String) -> PrewarmHead {
        .github(GitHubReviewTarget(repository: GitHubRepositoryTarget(id: repository, fullName: "acme/app", installationID: 5), number: 1, headSHA: head))
    }

    static func project(_ id: Int) -> PrewarmRepository {
        PrewarmRepository(forge: .gitlab, id: id)
    }

    /// One step: offer a head (`offer`) or report a repository's fetch finished (`finish`), and what the queue answers.
    enum Step: Sendable, CustomStringConvertible {
        case offer(PrewarmHead, startsNow: Bool)
        case finish(PrewarmRepository, next: PrewarmHead?)

        var description: String {
            switch self {
            case .offer(let head, let startsNow): "offer \(head.repository)@\(head.headSHA) → \(startsNow ? "start" : "wait")"
            case .finish(let repository, let next): "finish \(repository) → \(next.map { $0.headSHA } ?? "free")"
            }
        }
    }

    @Test(
        "one fetch per repository at a time; a repository keeps only the newest waiting head; other repositories go at once",
        arguments: [
            ("a single head", [Step.offer(target(1, "a"), startsNow: true), .finish(project(1), next: nil)]),
            ("two projects in parallel", [.offer(target(1, "a"), startsNow: true), .offer(target(2, "b"), startsNow: true)]),
            (
                "a push during a fetch waits, the one after it replaces it",
                [
                    .offer(target(1, "a"), startsNow: true), .offer(target(1, "b"), startsNow: false), .offer(target(1, "c"), startsNow: false),
                    .finish(project(1), next: target(1, "c")), .finish(project(1), next: nil), .offer(target(1, "d"), startsNow: true),
                ]
            ),
            (
                "a GitHub repository whose id is a GitLab project's is another repository",
                [
                    .offer(target(1, "a"), startsNow: true), .offer(pullRequest(1, "b"), startsNow: true), .offer(pullRequest(1, "c"), startsNow: false),
                    .finish(project(1), next: nil), .finish(PrewarmRepository(forge: .github, id: 1), next: pullRequest(1, "c")),
                ]
            ),
        ]
    )
    func schedule(_ name: String, steps: [Step]) {
        var queue = PrewarmQueue()
        for step in steps {
            switch step {
            case .offer(let head, let startsNow): #expect(queue.offer(head) == startsNow, "\(name): \(step)")
            case .finish(let repository, let next): #expect(queue.finished(repository) == next, "\(name): \(step)")
            }
        }
    }
}
