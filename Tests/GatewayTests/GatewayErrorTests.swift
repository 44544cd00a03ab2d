
import HTTPTypes
import Testing
import WardenCore

@testable import Codex
@testable import Gateway

@Suite("Error mapping")
struct GatewayErrorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let error: AppServerTurnError
        let status: Int
        let code: String
        var testDescription: String { name }
    }

    static func turnError(_ info: JSONValue?, message: String = "failed") -> AppServerTurnError {
        AppServerTurnError(message: message, codexErrorInfo: info, additionalDetails: nil)
    }

    static let cases: [Case] = [
        Case(name: "context window", error: turnError(.string("contextWindowExceeded")), status: 400, code: "context_length_exceeded"),
        Case(name: "usage limit", error: turnError(.string("usageLimitExceeded")), status: 429, code: "insufficient_quota"),
        Case(name: "rate limit", error: turnError(.string("rateLimitExceeded")), status: 429, code: "rate_limit_exceeded"),
        Case(name: "codex unauthorized", error: turnError(.string("unauthorized")), status: 502, code: "upstream_authentication"),
        Case(
            name: "an HTTP 401 from the provider",
            error: turnError(.object(["responseStreamConnectionFailed": .object(["httpStatusCode": .integer(401)])])),
            status: 502, code: "upstream_authentication"
        ),
        Case(
            name: "a quota message without a class", error: turnError(nil, message: "You exceeded your current quota"), status: 429,
            code: "insufficient_quota"
        ),
        Case(name: "anything else", error: turnError(.string("internalServerError")), status: 502, code: "upstream_failed"),
    ]

    @Test("maps codex's turn failures onto OpenAI statuses and codes", arguments: cases)
    func turnFailures(_ row: Case) {
        let mapped = GatewayError.turnFailed(row.error)
        #expect(mapped.status.code == row.status)
        #expect(mapped.openAICode == row.code)
    }

    @Test("a restarting worker is a retryable 503, a stopped one too, an RPC error a 502")
    func appServerErrors() {
        let notReady = GatewayError.classify(AppServerError.notReady("restarting"))
        #expect(notReady.status == 503 && notReady.shouldRetry == true && notReady.retryAfterSeconds != nil)
        let exited = GatewayError.classify(AppServerError.workerExited("killed"))
        #expect(exited.status == 503 && exited.openAICode == "worker_failed")
        let rpc = GatewayError.classify(AppServerError.rpcError(method: "turn/start", error: JSONRPCErrorObject(code: -32600, message: "nope")))
        #expect(rpc.status == 502 && rpc.shouldRetry == false)
    }

    @Test("the health body shows a class, never the worker's error text")
    func healthHidesErrorText() {
        let status = AppServerStatus(
            state: .restarting, processID: nil, restartCount: 2, lastError: "exited: unexpected status 401 Unauthorized: key sk-secret-123"
        )
        let health = WorkerHealth(status: status, sandboxMode: .readOnly, activeTurns: 0, queuedRequests: 0)
        #expect(health.lastError == "authentication")
        #expect(health.status == "degraded")
        #expect(!ChatStreamEncoder.encode(health).contains("sk-secret"))
    }
}
