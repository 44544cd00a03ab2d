/// What became of one finding.
public enum FindingOutcome: Sendable, Equatable {
    /// A draft merge request was opened.
    case mergeRequestOpened(iid: Int, url: String)
    /// The finding was already handled today; nothing was done.
    case alreadyHandled(outcome: String)
    /// The project reached its daily merge request cap before this finding.
    case dailyCapReached(cap: Int)
    /// The finding's fix branch, or an open merge request from it, exists on the forge already; nothing was done.
    case alreadyProposed(reason: String)
    /// Gate: Codex changed nothing.
    case noChanges
    /// Gate: the test command failed.
    case testsFailed(summary: String)
    /// Gate: the secret scanner found something in the added lines.
    case secretsFound([SecretFinding])
    /// Gate: the fix stages files the scanner cannot read as text (binary, not UTF-8) at paths
    /// `remediate.binary_allowlist` does not allow.
    case unscannableFiles([String])
    /// Gate: more staged content than the scanner takes.
    case diffTooLarge(bytes: Int)
    /// The Codex run reached its wall-clock cap and was stopped.
    case timedOut(after: Duration)
    /// The Codex run reached its token cap and was stopped.
    case tokenCapExceeded(used: Int, cap: Int)
    /// Something other than a gate went wrong (forge, git, codex, the template).
    case failed(reason: String)
    /// `--dry-run`: the finding would run.
    case wouldRun

    /// A short, low-cardinality label, also what the store records.
    public var label: String {
        switch self {
        case .mergeRequestOpened: "merge_request_opened"
        case .alreadyHandled: "already_handled"
        case .dailyCapReached: "daily_cap_reached"
        case .alreadyProposed: "already_proposed"
        case .noChanges: "no_changes"
        case .testsFailed: "tests_failed"
        case .secretsFound: "secret_found"
        case .unscannableFiles: "unscannable_file"
        case .diffTooLarge: "diff_too_large"
        case .timedOut: "timed_out"
        case .tokenCapExceeded: "token_cap_exceeded"
        case .failed: "failed"
        case .wouldRun: "dry_run"
        }
    }

    /// The merge request link, or why there is none, for the summary table.
    public var detail: String {
        switch self {
        case .mergeRequestOpened(_, let url): url
        case .alreadyHandled(let outcome): "already handled today (\(outcome))"
        case .dailyCapReached(let cap): "daily cap of \(cap) merge requests reached"
        case .alreadyProposed(let reason): "skipped: \(reason)"
        case .noChanges: "gate: Codex made no changes"
        case .testsFailed(let summary): "gate: tests \(summary)"
        case .secretsFound(let findings): "gate: secret scan found " + findings.map(\.description).joined(separator: ", ")
        case .unscannableFiles(let paths):
            "gate: the secret scan cannot read " + paths.joined(separator: ", ") + " as text (remediate.binary_allowlist allows binary files by path)"
        case .diffTooLarge(let bytes): "gate: \(bytes) bytes staged, more than the secret scanner takes"
        case .timedOut(let limit): "stopped: wall-clock cap of \(limit) reached"
        case .tokenCapExceeded(let used, let cap): "stopped: \(used) tokens used, cap \(cap)"
        case .failed(let reason): "failed: \(reason)"
        case .wouldRun: "would run (dry run)"
        }
    }

    /// Whether a gate rejected the fix.
    public var isGateRejection: Bool {
        switch self {
        case .noChanges, .testsFailed, .secretsFound, .unscannableFiles, .diffTooLarge: true
        default: false
        }
    }

    /// Whether this is a failure that makes the run exit non-zero: anything but success, a gate or a skip.
    public var isFailure: Bool {
        switch self {
        case .failed, .timedOut, .tokenCapExceeded: true
        default: false
        }
    }

    /// Whether the store should remember the finding as handled today: every real attempt but a
    /// failure, which a rerun may retry.
    var isRecorded: Bool {
        switch self {
        case .alreadyHandled, .dailyCapReached, .alreadyProposed, .wouldRun, .failed: false
        default: true
        }
    }
}
