/// What the remediation runner asks the forge to open.
public struct NewMergeRequest: Sendable, Hashable {
    /// The branch with the fix (already pushed).
    public var sourceBranch: String
    /// The branch the fix should go into.
    public var targetBranch: String
    /// The title, without any draft prefix; ``draft`` adds it.
    public var title: String
    /// The description (Markdown).
    public var description: String
    /// Open it as a draft, so nobody merges it before a person has looked.
    public var draft: Bool

    /// Creates a request to open a merge request.
    public init(sourceBranch: String, targetBranch: String, title: String, description: String, draft: Bool = true) {
        self.sourceBranch = sourceBranch
        self.targetBranch = targetBranch
        self.title = title
        self.description = description
        self.draft = draft
    }
}
