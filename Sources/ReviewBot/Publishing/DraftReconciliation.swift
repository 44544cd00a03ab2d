import Forge

/// What a batch review does with the bot's unpublished drafts before it adds its own and publishes:
/// a run that stopped between creating drafts and `bulk_publish` (a crash, a lost lease, a GitLab
/// error) leaves drafts behind, and `bulk_publish` would publish them beside the retry's.
///
/// A leftover finding draft the plan still wants, at the same position, is kept and not created
/// again; any other leftover finding draft (an earlier head's, a finding no longer reported, a second
/// copy) is deleted. Drafts without a finding marker are not Warden's to touch.
struct DraftReconciliation: Equatable {
    /// The comments to create as drafts, in plan order.
    var create: [ReviewPlan.InlineComment]
    /// The drafts to delete, by id.
    var delete: [Int]

    /// Reconciles the bot's existing drafts with the planned comments.
    ///
    /// - Parameters:
    ///   - existing: the token's user's drafts on the merge request.
    ///   - comments: the plan's inline comments.
    /// - Returns: what to create and what to delete.
    static func plan(existing: [DraftNote], comments: [ReviewPlan.InlineComment]) -> DraftReconciliation {
        var wanted: [FindingFingerprint: DiffPosition] = [:]
        for comment in comments { wanted[comment.fingerprint] = comment.position }
        var kept: Set<FindingFingerprint> = []
        var delete: [Int] = []
        for draft in existing {
            guard let fingerprint = FindingFingerprint(markerIn: draft.body) else { continue }
            if let position = wanted[fingerprint], draft.position == position, draft.inReplyToDiscussionID == nil,
                kept.insert(fingerprint).inserted
            {
                continue
            }
            delete.append(draft.id)
        }
        return DraftReconciliation(create: comments.filter { !kept.contains($0.fingerprint) }, delete: delete)
    }
}
