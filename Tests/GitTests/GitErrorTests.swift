import Testing
import WardenCore

@testable import Git

@Suite("GitError")
struct GitErrorTests {
    @Test("redaction hides the token, its base64 pair and the header that carries it")
    func redactionHidesEveryForm() {
        let credential = GitCredential(token: Secret("glpat-canary-123"))
        let text = "fatal: \(credential.headerValue) and \(credential.encodedPair) and glpat-canary-123"
        let redacted = GitError.redacting(text, secrets: credential.redactions)
        #expect(!redacted.contains("glpat-canary-123"))
        #expect(!redacted.contains(credential.encodedPair))
        #expect(redacted == "fatal: <redacted> and <redacted> and <redacted>")
    }

    @Test("the header is basic authentication of oauth2 and the token")
    func headerIsBasicOAuth2() {
        let credential = GitCredential(token: Secret("abc"))
        #expect(credential.headerValue == "Authorization: Basic b2F1dGgyOmFiYw==")
    }

    @Test(
        "metric labels are short and stable",
        arguments: [
            (GitError.authenticationFailed(command: "git fetch", stderr: "denied"), "auth"),
            (GitError.timedOut(command: "git fetch", after: .seconds(1)), "timeout"),
            (GitError.revisionNotFound("abc", detail: "missing"), "revision_not_found"),
            (GitError.invalidArgument("name", reason: "bad"), "invalid_argument"),
        ]
    )
    func metricLabels(error: GitError, label: String) {
        #expect(error.metricLabel == label)
        #expect(error.description.hasPrefix("git: "))
    }
}
