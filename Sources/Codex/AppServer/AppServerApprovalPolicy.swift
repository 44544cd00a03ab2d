/// When codex asks before running a command or writing a file (`approvalPolicy` of a thread or turn).
///
/// Each request codex makes is answered by the connection's ``AppServerRequestPolicy``, which
/// declines by default; `never` makes codex not ask at all (the sandbox is then the only limit).
public enum AppServerApprovalPolicy: String, Sendable, Hashable, CaseIterable {
    /// Ask before anything not known to be safe.
    case untrusted
    /// Let the model decide when to ask.
    case onRequest = "on-request"
    /// Never ask.
    case never
}
