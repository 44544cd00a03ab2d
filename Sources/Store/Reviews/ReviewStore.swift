public import WardenCore

/// Which head SHAs of which merge requests have been reviewed, and how.
public protocol ReviewStore: Sendable {
    /// Whether a review of this head SHA was recorded that did not fail (running or posted); a failed review does not
    /// block a later delivery from reviewing the head again.
    func isReviewed(forge: ForgeKind, projectID: ProjectID, mergeRequestIID: MergeRequestIID, headSHA: String) async throws -> Bool

    /// Records a review, replacing an earlier record of the same forge, project, merge request and head SHA.
    ///
    /// The store stamps `updatedAt` with its clock, and `createdAt` too the first time; the values passed are ignored.
    func record(_ review: ReviewRecord) async throws

    /// The most recently created review of a merge request, or `nil` if none.
    func latest(forge: ForgeKind, projectID: ProjectID, mergeRequestIID: MergeRequestIID) async throws -> ReviewRecord?
    /// The most recently created reviews of every merge request, newest first (the dashboard's list and chart).
    /// - Parameter limit: At most this many.
    func recent(limit: Int) async throws -> [ReviewRecord]
}
