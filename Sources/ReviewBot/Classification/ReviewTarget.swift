public import WardenCore

/// A merge request head to review.
public struct ReviewTarget: Sendable, Equatable, Hashable {
    /// The project the merge request belongs to.
    public var projectID: ProjectID
    /// The merge request's number within the project.
    public var mergeRequestIID: MergeRequestIID
    /// The head commit to review.
    public var headSHA: String

    /// Creates a target.
    public init(projectID: ProjectID, mergeRequestIID: MergeRequestIID, headSHA: String) {
        self.projectID = projectID
        self.mergeRequestIID = mergeRequestIID
        self.headSHA = headSHA
    }
}
