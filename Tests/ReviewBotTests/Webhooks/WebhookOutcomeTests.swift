import HTTPTypes
import Hummingbird
import ReviewBot
import Testing

@Suite("Webhook outcome")
struct WebhookOutcomeTests {
    @Test(
        "each outcome answers with its status and counts under its label",
        arguments: [
            (WebhookOutcome.enqueued, HTTPResponse.Status.accepted, "enqueued"),
            (.duplicate, .accepted, "duplicate"),
            (.ignored(reason: "draft"), .ok, "ignored"),
            (.unauthorized, .unauthorized, "unauthorized"),
            (.tooLarge(limit: 10), .contentTooLarge, "too_large"),
            (.malformed(reason: "not JSON"), .badRequest, "malformed"),
            (.error, .serviceUnavailable, "error"),
        ] as [(WebhookOutcome, HTTPResponse.Status, String)]
    )
    func responseAndLabel(outcome: WebhookOutcome, status: HTTPResponse.Status, label: String) {
        #expect(outcome.response.status == status)
        #expect(outcome.metricLabel == label)
    }

    @Test(
        "the X-Gitlab-Event header maps to a low-cardinality event label",
        arguments: [
            ("Merge Request Hook", "merge_request"),
            ("Note Hook", "note"),
            ("Confidential Note Hook", "note"),
            ("Push Hook", "other"),
            (nil, "none"),
        ] as [(String?, String)]
    )
    func eventLabel(header: String?, label: String) {
        #expect(WebhookEventKind(header: header).metricLabel == label)
    }
}
