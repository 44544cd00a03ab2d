import Testing

@testable import Gateway

@Suite("Turn outcome")
struct TurnOutcomeTests {
    @Test(
        "each way a turn ends has its request outcome label",
        arguments: [
            (TurnOutcome.completed(finishReason: "stop", usage: .zero), "ok"),
            (.failed(.timedOut(after: .seconds(1))), "timeout"),
            (.failed(.invalidAPIKey), "invalid_api_key"),
            (.cancelled, "client_closed"),
        ] as [(TurnOutcome, String)]
    )
    func label(outcome: TurnOutcome, label: String) {
        #expect(outcome.metricLabel == label)
    }
}
