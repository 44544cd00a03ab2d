import Codex
import Forge
import Foundation
import Git

/// What the worker does about a job that threw: pause the queue, retry, or leave the job to its lease.
enum JobFailure: Sendable {
    /// The forge, git or the model provider refused the credentials: retrying cannot help until a person fixes
    /// them, so the queue pauses.
    case credentials(reason: String)
    /// The run was cancelled (shutdown, lost lease): the job is neither failed nor completed; its lease runs out and
    /// another worker takes it.
    case abandoned
    /// Anything else (timeout, invalid output, forge errors after their own retries): count a failed attempt.
    /// `reason` is for the operator (the log, `last_error`); `publicReason` is what the merge request's status note
    /// may say: a generic sentence, never git's stderr, a local path or an error's text.
    case attempt(reason: String, publicReason: String)
    /// The Codex seat hit a usage limit: every job would fail the same way until it resets, so the seat is held and
    /// the job goes back to `pending` without spending an attempt. `resetsAt` is when the limit resets, if codex said.
    case usageLimit(resetsAt: Date?, reason: String)
    /// The forge forbade this project's job (403: archived project, locked discussion, too low a role): another
    /// attempt cannot help, so the job fails for good; the credentials are fine and the queue goes on.
    case refused(reason: String)

    /// Classifies an error thrown by a review or follow-up run.
    ///
    /// The reasons name the failing system and its error's sentence, never a token (the error types redact them)
    /// and never model output.
    init(_ error: any Error) {
        switch error {
        case let error as ForgeError where error.isAuthentication:
            self = .credentials(reason: "GitLab refused the bot's token: \(error)")
        case let error as ForgeError where error.isForbidden:
            self = .refused(reason: "GitLab forbade the bot this merge request (archived project, locked discussion or too low a role)")
        case let error as GitError where error.isAuthenticationFailure:
            self = .credentials(reason: "the git server refused the bot's token: \(error)")
        case let error as CodexError where error.isAuthentication:
            self = .credentials(reason: "the model provider refused Codex's credentials (\(error.metricLabel))")
        case let error as CodexError where error.code == .usageLimit:
            self = .usageLimit(resetsAt: error.usageLimit?.resetsAt, reason: Self.codexReason(error))
        case let error as CodexError where error.code == .cancelled:
            self = .abandoned
        case is CancellationError:
            self = .abandoned
        case let error as CodexError:
            let reason = Self.codexReason(error)
            self = .attempt(reason: reason, publicReason: reason)
        default:
            self = .attempt(reason: "\(error)", publicReason: Self.genericReason)
        }
    }

    /// What the status note says of a failure whose text is only for the operator.
    static let genericReason = "an internal error stopped the review; the Warden operator's log has the details"

    /// A Codex failure in words, without the model's output.
    private static func codexReason(_ error: CodexError) -> String {
        switch error.code {
        case .timedOut: "the Codex run hit its time limit"
        case .invalidStructuredOutput: "the model's answer was not a valid review"
        case .usageLimit: error.usageLimit?.summary ?? "the Codex seat hit a usage limit"
        case .contextWindowExceeded: "the merge request is too large for the model's context window"
        case .authentication, .cancelled, .spawnFailed, .invalidThreadID, .threadMismatch, .threadNotFound, .other:
            "the Codex run failed (\(error.metricLabel))"
        }
    }
}
