public import WardenCore

/// A merge request (GitLab) or pull request (GitHub), as the review worker needs it.
public struct MergeRequest: Sendable, Hashable {
    /// The number inside its project (`!12` has iid 12).
    public var iid: MergeRequestIID
    /// The numeric id of the target project.
    public var projectID: ProjectID
    /// The title, including any `Draft:` prefix.
    public var title: String
    /// The description; empty when the author wrote none.
    public var description: String
    /// The branch with the changes.
    public var sourceBranch: String
    /// The branch the changes go into.
    public var targetBranch: String
    /// The commit at the tip of the source branch.
    public var headSHA: String
    /// Whether it is open, closed, merged or locked.
    public var state: MergeRequestState
    /// Whether it is marked as a draft (not ready for review).
    public var draft: Bool
    /// The page people open in a browser.
    public var webURL: String

    /// Creates a merge request value.
    public init(
        iid: MergeRequestIID,
        projectID: ProjectID,
        title: String,
        description: String,
        sourceBranch: String,
        targetBranch: String,
        headSHA: String,
        state: MergeRequestState,
        draft: Bool,
        webURL: String
    ) {
        self.iid = iid
        self.projectID = projectID
        self.title = title
        self.description = description
        self.sourceBranch = sourceBranch
        self.targetBranch = targetBranch
        self.headSHA = headSHA
        self.state = state
        self.draft = draft
        self.webURL = webURL
    }
}
