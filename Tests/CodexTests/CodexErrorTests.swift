import Testing

@testable import Codex

@Suite("CodexError")
struct CodexErrorTests {
    static let messages: [(String, String)] = [
        (
            "unexpected status 401 Unauthorized: Incorrect API key provided: sk-test, url: http://127.0.0.1:18555/v1/responses",
            "authentication"
        ),
        ("unexpected status 403 Forbidden: no access", "authentication"),
        ("Missing environment variable: `OPENAI_API_KEY`.", "authentication"),
        ("exceeded retry limit, last status: 429 Too Many Requests", "usage_limit"),
        ("Reconnecting... 1/5 (exceeded retry limit, last status: 429 Too Many Requests)", "usage_limit"),
        ("Quota exceeded. Check your plan and billing details.", "usage_limit"),
        ("You’ve hit your usage limit. Try again later.", "usage_limit"),
        (
            "Codex ran out of room in the model's context window. Start a new thread or clear earlier history before retrying.",
            "context_window"
        ),
        ("We’re currently experiencing high demand, which may cause temporary errors.", "other"),
        ("unexpected status 503 Service Unavailable: upstream overloaded, url: http://127.0.0.1:40155/v1/responses", "other"),
        ("stream disconnected before completion: idle timeout waiting for SSE", "other"),
        ("Connection failed: error sending request", "other"),
        ("thread/resume: thread/resume failed: no rollout found for thread id 0199a213-81c0-7800-8aa1-bbab2a035a53 (code -32600)", "thread_not_found"),
        ("stream disconnected before completion: mock: the model failed, url: http://127.0.0.1:14291/v1", "other"),
    ]

    @Test("classifies failures from codex's messages", arguments: messages)
    func classifies(_ message: String, _ label: String) {
        let error = CodexError.classify(message: message, exitStatus: 1, stderrTail: "")
        #expect(error.metricLabel == label)
        #expect(error.message == message)
        #expect(error.exitStatus == 1)
    }

    @Test(
        "says which failures are worth retrying",
        arguments: [
            (CodexError.authentication(message: "x"), false),
            (.usageLimit(UsageLimit(kind: .plan), message: "x"), true),
            (.contextWindowExceeded(message: "x"), false),
            (.timedOut(after: .seconds(1)), true),
            (.cancelled, false),
            (.spawnFailed(reason: "x"), false),
            (.invalidStructuredOutput(reason: "x"), true),
            (.invalidThreadID("x"), false),
            (.threadNotFound(message: "x"), false),
            (.other(message: "x"), true),
        ]
    )
    func retryable(_ error: CodexError, _ expected: Bool) {
        #expect(error.isRetryable == expected)
    }

    @Test("describes itself in a sentence with the model's message and exit status")
    func describes() {
        let error = CodexError.classify(message: "unexpected status 401 Unauthorized", exitStatus: 1, stderrTail: "tail")
        #expect(error.description == "the model provider refused the credentials: unexpected status 401 Unauthorized (exit status 1)")
        #expect(error.isAuthentication)
    }
}
