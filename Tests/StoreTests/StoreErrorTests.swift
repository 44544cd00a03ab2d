import Store
import Testing

@Suite("Store errors")
struct StoreErrorTests {
    @Test(
        "errors read as sentences and have short metric labels",
        arguments: [
            (StoreError.notFound(id: "review-1-2-abc"), "not_found", "store error: no job has the id \"review-1-2-abc\""),
            (
                StoreError.leaseLost(id: "j", owner: "w1", state: .running, holder: "w2"), "lease_lost",
                "store error: job j is no longer held by w1; it is running under w2"
            ),
            (
                StoreError.invalidTransition(id: "j", state: .done, operation: "retry"), "invalid_transition",
                "store error: cannot retry job j because it is done"
            ),
            (
                StoreError.busy(operation: "enqueue"), "busy",
                "store error: the database stayed locked by another connection while trying to enqueue"
            ),
        ]
    )
    func sentences(error: StoreError, label: String, description: String) {
        #expect(error.metricLabel == label)
        #expect(error.description == description)
    }
}
