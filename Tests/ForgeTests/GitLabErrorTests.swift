import Forge
import Testing

@Suite("Forge errors")
struct GitLabErrorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let error: ForgeError
        let retryable: Bool
        let label: String
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(
            error: .authentication(operation: "GET /projects/1", status: 401, message: "401 Unauthorized"),
            retryable: false,
            label: "authentication"
        ),
        Case(error: .notFound(operation: "GET /projects/1", message: "404 Project Not Found"), retryable: false, label: "not_found"),
        Case(error: .invalidPosition(operation: "POST /x", message: "line_code"), retryable: false, label: "invalid_position"),
        Case(error: .rejected(operation: "POST /x", status: 409, message: "exists"), retryable: false, label: "rejected"),
        Case(error: .rateLimited(operation: "POST /x", attempts: 5), retryable: true, label: "rate_limited"),
        Case(error: .server(operation: "GET /x", status: 502, attempts: 5), retryable: true, label: "server"),
        Case(error: .transport(operation: "GET /x", reason: "connection refused"), retryable: true, label: "transport"),
        Case(error: .decoding(operation: "GET /x", reason: "missing iid"), retryable: false, label: "decoding"),
    ]

    @Test("only rate limits, server errors and transport failures are retryable", arguments: cases)
    func retryable(_ testCase: Case) {
        #expect(testCase.error.isRetryable == testCase.retryable)
        #expect(testCase.error.metricLabel == testCase.label)
    }

    @Test("an authentication failure reads as a sentence naming the call")
    func sentence() {
        let error = ForgeError.authentication(operation: "GET /projects/7", status: 401, message: "401 Unauthorized")
        #expect(error.description == "The forge refused the token for GET /projects/7 (HTTP 401): 401 Unauthorized. Check the token and its scopes.")
    }
}
