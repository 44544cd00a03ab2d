/// A misuse of the ``FakeGitLab`` by a test, or a git command it ran that failed.
public struct FakeGitLabError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Code: String, Sendable {
        case gitFailed = "git_failed"
        case unknownProject = "unknown_project"
        case unknownMergeRequest = "unknown_merge_request"
        case notRunning = "not_running"
    }

    private let code: Code
    private let detail: String

    private init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    /// A git command exited unsuccessfully.
    /// - Parameters:
    ///   - arguments: its arguments, after `git`.
    ///   - status: how it ended.
    ///   - standardError: what it printed on standard error.
    public static func gitFailed(arguments: [String], status: String, standardError: String) -> Self {
        Self(.gitFailed, "git \(arguments.joined(separator: " ")) ended with \(status): \(standardError)")
    }

    /// No project with that id was added.
    public static func unknownProject(_ id: Int) -> Self {
        Self(.unknownProject, "no project with id \(id); call addProject first")
    }

    /// No merge request with that iid was opened in the project.
    public static func unknownMergeRequest(projectID: Int, iid: Int) -> Self {
        Self(.unknownMergeRequest, "no merge request !\(iid) in project \(projectID); call openMergeRequest first")
    }

    /// The server must be started first.
    public static func notRunning() -> Self {
        Self(.notRunning, "the fake GitLab is not running; call start() first")
    }

    /// A short, low-cardinality form for metric labels.
    public var metricLabel: String { code.rawValue }

    /// The failure as a sentence.
    public var description: String { "fake GitLab: \(detail)" }
}
