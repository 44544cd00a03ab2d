import Testing

@testable import Codex

@Suite("App-server restart budget and backoff")
struct AppServerRestartPolicyTests {
    struct BudgetCase: Sendable, CustomTestStringConvertible {
        var name: String
        /// Seconds after an arbitrary start at which failures happen.
        var failuresAt: [Int]
        var window: Int
        var limit: Int
        /// Whether a restart is allowed after each failure.
        var allowed: [Bool]
        var testDescription: String { name }
    }

    static let budgetCases: [BudgetCase] = [
        BudgetCase(
            name: "a crash a day forever is always restarted",
            failuresAt: Array(stride(from: 0, through: 86_400 * 30, by: 86_400)),
            window: 60,
            limit: 10,
            allowed: Array(repeating: true, count: 31)
        ),
        BudgetCase(
            name: "ten crashes within a minute exhaust the budget",
            failuresAt: Array(0..<10).map { $0 * 5 },
            window: 60,
            limit: 10,
            allowed: Array(repeating: true, count: 9) + [false]
        ),
        BudgetCase(
            name: "old crashes slide out of the window",
            failuresAt: [0, 10, 20, 70, 80, 131],
            window: 60,
            limit: 3,
            allowed: [true, true, false, true, true, true]
        ),
        BudgetCase(
            name: "a failure exactly one window later no longer counts the first",
            failuresAt: [0, 60],
            window: 60,
            limit: 2,
            allowed: [true, true]
        ),
        BudgetCase(
            name: "a limit of one gives up at the first failure",
            failuresAt: [0],
            window: 60,
            limit: 1,
            allowed: [false]
        ),
    ]

    @Test("counts failures in a sliding window", arguments: budgetCases)
    func budget(_ testCase: BudgetCase) {
        let start = ContinuousClock.now
        var budget = RestartBudget(window: .seconds(testCase.window), limit: testCase.limit)
        let allowed = testCase.failuresAt.map { budget.recordFailure(at: start + .seconds($0)) }
        #expect(allowed == testCase.allowed)
    }

    @Test("reports how many failures still count")
    func failureCount() {
        let start = ContinuousClock.now
        var budget = RestartBudget(window: .seconds(60), limit: 10)
        _ = budget.recordFailure(at: start)
        _ = budget.recordFailure(at: start + .seconds(30))
        #expect(budget.failureCount(at: start + .seconds(45)) == 2)
        #expect(budget.failureCount(at: start + .seconds(75)) == 1)
        #expect(budget.failureCount(at: start + .seconds(200)) == 0)
    }

    @Test(
        "backs off exponentially up to the cap",
        arguments: [
            (1, Duration.milliseconds(500)),
            (2, .seconds(1)),
            (3, .seconds(2)),
            (5, .seconds(8)),
            (7, .seconds(30)),
            (40, .seconds(30)),
            (0, .milliseconds(500)),
        ]
    )
    func backoff(_ failures: Int, _ expected: Duration) {
        let policy = AppServerRestartPolicy(initialBackoff: .milliseconds(500), maximumBackoff: .seconds(30), jitter: 0.2)
        #expect(policy.backoff(consecutiveFailures: failures, randomSample: 0.5) == expected)
    }

    @Test(
        "spreads each wait by the jitter",
        arguments: [(0.0, Duration.milliseconds(800)), (1.0, .milliseconds(1200)), (0.25, .milliseconds(900))]
    )
    func jitter(_ sample: Double, _ expected: Duration) {
        let policy = AppServerRestartPolicy(initialBackoff: .seconds(1), maximumBackoff: .seconds(30), jitter: 0.2)
        let delay = policy.backoff(consecutiveFailures: 1, randomSample: sample)
        #expect(abs((delay - expected) / .milliseconds(1)) < 0.001)
    }
}
