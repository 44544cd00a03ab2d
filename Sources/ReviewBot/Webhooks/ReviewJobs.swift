import Store
import WardenCore

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

extension GitHubReviewTarget {
    /// The durable job this review decision becomes (id `review-github-<repository id>-<pr number>-<head sha>`).
    var job: NewJob {
        .githubReview(
            repositoryID: repository.id,
            repository: repository.fullName,
            installationID: repository.installationID,
            number: number,
            headSHA: headSHA
        )
    }
}

extension GitHubFollowUpTarget {
    /// The durable job this follow-up decision becomes (id `note-github-<repository id>-<pr number>-<comment id>`); a
    /// comment in a review thread keeps the thread's top-level comment, which the answer replies to.
    var job: NewJob {
        let threadCommentID: NoteID? =
            switch place {
            case .conversation: nil
            case .reviewThread(let threadID): threadID
            }
        return .githubNote(
            repositoryID: repository.id,
            repository: repository.fullName,
            installationID: repository.installationID,
            number: number,
            commentID: commentID,
            threadCommentID: threadCommentID
        )
    }
}
