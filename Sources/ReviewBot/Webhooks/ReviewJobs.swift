import Store

extension ReviewTarget {
    /// The durable job this review decision becomes (id `review-<project>-<iid>-<head sha>`).
    var job: NewJob {
        .review(projectID: projectID, mergeRequestIID: mergeRequestIID, headSHA: headSHA)
    }
}

extension FollowUpTarget {
    /// The durable job this follow-up decision becomes (id `note-<project>-<iid>-<note id>`).
    var job: NewJob {
        .note(
            projectID: projectID,
            mergeRequestIID: mergeRequestIID,
            noteID: noteID,
            discussionID: discussionID,
            position: position
        )
    }
}
