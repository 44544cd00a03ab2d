import Store
import Testing

@Suite("Queue configuration")
struct QueueConfigurationTests {
    @Test(
        "backoff doubles from the base and stops at the cap",
        arguments: [
            (1, Duration.seconds(10)),
            (2, .seconds(20)),
            (3, .seconds(40)),
            (7, .seconds(640)),
            (8, .seconds(900)),
            (200, .seconds(900)),
        ]
    )
    func backoff(attempts: Int, wait: Duration) {
        #expect(QueueConfiguration().backoff(afterAttempts: attempts) == wait)
    }

    @Test("the defaults are five attempts, 10 s base and 15 min cap")
    func defaults() {
        let configuration = QueueConfiguration()
        #expect(configuration.maxAttempts == 5)
        #expect(configuration.backoffBase == .seconds(10))
        #expect(configuration.backoffCap == .seconds(900))
    }
}
