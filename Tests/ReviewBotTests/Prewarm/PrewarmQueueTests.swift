import ReviewBot
import Testing

@Suite("Pre-warm queue")
struct PrewarmQueueTests {
    static func target(_ project: Int, _ head: String) -> ReviewTarget {
        ReviewTarget(projectID: project, mergeRequestIID: 1, headSHA: head)
    }

    /// One step: offer a head (`offer`) or report a project's fetch finished (`finish`), and what the queue answers.
    enum Step: Sendable, CustomStringConvertible {
        case offer(ReviewTarget, startsNow: Bool)
        case finish(Int, next: ReviewTarget?)

        var description: String {
            switch self {
            case .offer(let target, let startsNow): "offer \(target.projectID)@\(target.headSHA) → \(startsNow ? "start" : "wait")"
            case .finish(let project, let next): "finish \(project) → \(next.map { $0.headSHA } ?? "free")"
            }
        }
    }

    @Test(
        "one fetch per project at a time; a project keeps only the newest waiting head; other projects go at once",
        arguments: [
            ("a single head", [Step.offer(target(1, "a"), startsNow: true), .finish(1, next: nil)]),
            ("two projects in parallel", [.offer(target(1, "a"), startsNow: true), .offer(target(2, "b"), startsNow: true)]),
            (
                "a push during a fetch waits, the one after it replaces it",
                [
                    .offer(target(1, "a"), startsNow: true), .offer(target(1, "b"), startsNow: false), .offer(target(1, "c"), startsNow: false),
                    .finish(1, next: target(1, "c")), .finish(1, next: nil), .offer(target(1, "d"), startsNow: true),
                ]
            ),
        ]
    )
    func schedule(_ name: String, steps: [Step]) {
        var queue = PrewarmQueue()
        for step in steps {
            switch step {
            case .offer(let target, let startsNow): #expect(queue.offer(target) == startsNow, "\(name): \(step)")
            case .finish(let project, let next): #expect(queue.finished(project) == next, "\(name): \(step)")
            }
        }
    }
}
