import Forge
import Testing

@Suite("GitHub rate limits")
struct GitHubRateLimitTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let status: Int
        var remaining: String?
        var reset: String?
        var retryAfter: String?
        var message = ""
        let expected: GitHubRateLimit?
        var testDescription: String { name }
    }

    static let now = 1_800_000_000.0

    static let classifyCases: [Case] = [
        Case(name: "primary limit on 403 waits until the reset and a second", status: 403, remaining: "0", reset: "1800000030",
             message: "API rate limit exceeded for installation ID 1.", expected: .primary(wait: .seconds(31))),
        Case(name: "primary limit on 429", status: 429, remaining: "0", reset: "1800000010", expected: .primary(wait: .seconds(11))),
        Case(name: "a reset in the past waits nothing", status: 403, remaining: "0", reset: "1799999000", expected: .primary(wait: .zero)),
        Case(name: "primary limit without a reset waits a minute", status: 403, remaining: "0", expected: .primary(wait: .seconds(60))),
        Case(name: "secondary limit with retry-after", status: 403, remaining: "4000", retryAfter: "17", expected: .secondary(wait: .seconds(17))),
        Case(name: "secondary limit on 429 with retry-after", status: 429, retryAfter: "2", expected: .secondary(wait: .seconds(2))),
        Case(name: "secondary limit told only by the documented message", status: 403, remaining: "4999",
             message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.", expected: .secondary(wait: nil)),
        Case(name: "retry-after wins over a spent primary budget", status: 403, remaining: "0", reset: "1800000300", retryAfter: "5",
             expected: .secondary(wait: .seconds(5))),
        Case(name: "a 429 without headers is a secondary limit", status: 429, expected: .secondary(wait: nil)),
        Case(name: "a 403 for a permission is no rate limit", status: 403, remaining: "4999", message: "Resource not accessible by integration", expected: nil),
        Case(name: "a bare 403 is no rate limit", status: 403, expected: nil),
        Case(name: "a 401 is no rate limit", status: 401, remaining: "0", expected: nil),
        Case(name: "a 500 is no rate limit", status: 500, retryAfter: "3", expected: nil),
    ]

    @Test("classifies GitHub's rate limit answers", arguments: classifyCases)
    func classify(_ row: Case) {
        let limit = GitHubRateLimit.classify(
            status: row.status, remaining: row.remaining, reset: row.reset, retryAfter: row.retryAfter, message: row.message,
            secondsSince1970: Self.now
        )
        #expect(limit == row.expected)
    }

    struct DelayCase: Sendable, CustomTestStringConvertible {
        let name: String
        let attempt: Int
        let status: Int
        let limit: GitHubRateLimit?
        let expected: Duration?
        var testDescription: String { name }
    }

    static let delayCases: [DelayCase] = [
        DelayCase(name: "primary waits until the reset", attempt: 1, status: 403, limit: .primary(wait: .seconds(31)), expected: .seconds(31)),
        DelayCase(name: "a far reset is capped", attempt: 1, status: 403, limit: .primary(wait: .seconds(3600)), expected: .seconds(600)),
        DelayCase(name: "secondary waits retry-after", attempt: 2, status: 403, limit: .secondary(wait: .seconds(17)), expected: .seconds(17)),
        DelayCase(name: "secondary without advice waits a minute at first", attempt: 1, status: 403, limit: .secondary(wait: nil), expected: .seconds(60)),
        DelayCase(name: "secondary without advice keeps at least a minute", attempt: 3, status: 429, limit: .secondary(wait: nil), expected: .seconds(60)),
        DelayCase(name: "a 502 backs off from a second", attempt: 1, status: 502, limit: nil, expected: .seconds(1)),
        DelayCase(name: "a 503 doubles", attempt: 3, status: 503, limit: nil, expected: .seconds(4)),
        DelayCase(name: "the last attempt gives up even on a limit", attempt: 5, status: 403, limit: .secondary(wait: .seconds(1)), expected: nil),
        DelayCase(name: "a permission 403 is not retried", attempt: 1, status: 403, limit: nil, expected: nil),
        DelayCase(name: "a 422 is not retried", attempt: 1, status: 422, limit: nil, expected: nil),
        DelayCase(name: "a 401 is not retried", attempt: 1, status: 401, limit: nil, expected: nil),
    ]

    @Test("waits what GitHub asks, within the policy", arguments: delayCases)
    func delay(_ row: DelayCase) {
        #expect(RetryPolicy().delay(afterAttempt: row.attempt, status: row.status, gitHubRateLimit: row.limit) == row.expected)
    }
}
