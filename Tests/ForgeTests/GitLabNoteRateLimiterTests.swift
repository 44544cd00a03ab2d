import Forge
import Testing

@Suite("Note rate limiter")
struct GitLabNoteRateLimiterTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let capacity: Int
        let interval: Duration
        /// The times (from the start) at which notes are requested.
        let requests: [Duration]
        /// How long each must wait.
        let waits: [Duration]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "a burst up to the capacity passes at once",
            capacity: 3,
            interval: .seconds(1),
            requests: [.zero, .zero, .zero],
            waits: [.zero, .zero, .zero]
        ),
        Case(
            name: "beyond the burst, callers queue one interval apart",
            capacity: 3,
            interval: .seconds(1),
            requests: [.zero, .zero, .zero, .zero, .zero],
            waits: [.zero, .zero, .zero, .seconds(1), .seconds(2)]
        ),
        Case(
            name: "slots come back over time",
            capacity: 2,
            interval: .seconds(1),
            requests: [.zero, .zero, .milliseconds(500), .seconds(10)],
            waits: [.zero, .zero, .milliseconds(500), .zero]
        ),
        Case(
            name: "a quiet period refills only up to the capacity",
            capacity: 2,
            interval: .seconds(1),
            requests: [.seconds(100), .seconds(100), .seconds(100)],
            waits: [.zero, .zero, .seconds(1)]
        ),
        Case(
            name: "steady calls at the refill rate never wait",
            capacity: 1,
            interval: .milliseconds(215),
            requests: [.zero, .milliseconds(215), .milliseconds(430), .milliseconds(645)],
            waits: [.zero, .zero, .zero, .zero]
        ),
    ]

    @Test("a token bucket reserves slots in order", arguments: cases)
    func bucket(_ testCase: Case) {
        var bucket = TokenBucket(capacity: testCase.capacity, refillInterval: testCase.interval)
        let waits = testCase.requests.map { bucket.reserve(at: $0) }
        #expect(waits == testCase.waits)
    }

    @Test("the default limiter lets at most 300 notes through in any minute")
    func defaultStaysUnderGitLabsLimit() async throws {
        let clock = GitLabTestClock()
        let limiter = NoteRateLimiter(clock: clock)
        var passedInFirstMinute = 0
        for _ in 0..<700 {
            try await limiter.acquire()
            if clock.now < .seconds(60) { passedInFirstMinute += 1 }
        }
        #expect(passedInFirstMinute <= 300)
        #expect(passedInFirstMinute >= 290)
    }

    @Test("the limiter sleeps on its clock for the time the bucket asks")
    func limiterSleeps() async throws {
        let clock = GitLabTestClock()
        let limiter = NoteRateLimiter(burst: 2, refillInterval: .seconds(1), clock: clock)
        for _ in 0..<4 { try await limiter.acquire() }
        #expect(clock.sleeps == [.seconds(1), .seconds(1)])
    }
}
