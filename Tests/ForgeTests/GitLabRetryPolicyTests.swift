import Forge
import Testing

@Suite("GitLab retry policy")
struct GitLabRetryPolicyTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let attempt: Int
        let status: Int
        var retryAfter: String?
        var rateLimitReset: String?
        let expected: Duration?
        var testDescription: String { name }
    }

    static let now = 1_800_000_000.0

    static let cases: [Case] = [
        Case(name: "429 waits Retry-After seconds", attempt: 1, status: 429, retryAfter: "7", expected: .seconds(7)),
        Case(
            name: "429 waits for an HTTP-date Retry-After",
            attempt: 1,
            status: 429,
            retryAfter: "Fri, 15 Jan 2027 08:00:12 GMT",
            expected: .seconds(12)
        ),
        Case(name: "429 waits until RateLimit-Reset", attempt: 1, status: 429, rateLimitReset: "1800000030", expected: .seconds(30)),
        Case(
            name: "Retry-After wins over RateLimit-Reset",
            attempt: 1,
            status: 429,
            retryAfter: "3",
            rateLimitReset: "1800000030",
            expected: .seconds(3)
        ),
        Case(name: "a reset in the past waits nothing", attempt: 1, status: 429, rateLimitReset: "1799999990", expected: .zero),
        Case(name: "an absurd Retry-After is capped", attempt: 1, status: 429, retryAfter: "86400", expected: .seconds(600)),
        Case(name: "429 without headers backs off from 10 s", attempt: 1, status: 429, expected: .seconds(10)),
        Case(name: "429 without headers doubles", attempt: 3, status: 429, expected: .seconds(40)),
        Case(name: "429 without headers stops at 60 s", attempt: 4, status: 429, expected: .seconds(60)),
        Case(name: "500 backs off from 1 s", attempt: 1, status: 500, expected: .seconds(1)),
        Case(name: "503 doubles", attempt: 3, status: 503, expected: .seconds(4)),
        Case(name: "the last attempt gives up", attempt: 5, status: 503, expected: nil),
        Case(name: "401 is never retried", attempt: 1, status: 401, expected: nil),
        Case(name: "403 is never retried", attempt: 1, status: 403, expected: nil),
        Case(name: "400 is never retried", attempt: 1, status: 400, expected: nil),
        Case(name: "404 is never retried", attempt: 1, status: 404, expected: nil),
    ]

    @Test("waits as the forge advises, else backs off exponentially", arguments: cases)
    func delay(_ testCase: Case) {
        let policy = RetryPolicy()
        let delay = policy.delay(
            afterAttempt: testCase.attempt,
            status: testCase.status,
            retryAfter: testCase.retryAfter,
            rateLimitReset: testCase.rateLimitReset,
            secondsSince1970: Self.now
        )
        #expect(delay == testCase.expected)
    }
}
