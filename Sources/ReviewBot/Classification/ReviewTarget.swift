/// A merge request head to review.
public struct ReviewTarget: Sendable, Equatable, Hashable {
    /// The project the merge request belongs to.
    public var projectID: Int64
    /// The merge request's number within the project.
    public var mergeRequestIID: Int64
    /// The head commit to review.
    public var headSHA: String

    /// Creates a target.
    public init(projectID: Int64, mergeRequestIID: Int64, headSHA: String) {
        self.projectID = projectID
        self.mergeRequestIID = mergeRequestIID
        self.headSHA = headSHA
    }
}
