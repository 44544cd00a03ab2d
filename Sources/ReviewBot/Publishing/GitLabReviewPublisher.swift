import Forge
import Logging

/// Publishes findings on GitLab: one thread per finding (`review.publish = discussions`), or draft notes published
/// at once (`batch`, one notification). Drafts left by an interrupted run are reused or deleted first, so a retried
/// job never posts a finding twice; a position GitLab refuses moves the finding into the summary.
struct GitLabReviewPublisher: ReviewPublisher {
    let forge: any ForgeClient
    let mode: PublishMode
    let logger: Logger

    func publish(_ planned: ReviewPlan, project: ProjectRef, iid: Int, headSHA: String) async throws -> ReviewPlan {
        var plan = planned
        var kept: [ReviewPlan.InlineComment] = []
        var refused: [ReviewPlan.UnanchoredFinding] = []
        var toPost = plan.inlineComments
        if mode == .batch {
            let drafts = DraftReconciliation.plan(existing: try await forge.draftNotes(project, iid: iid), comments: plan.inlineComments)
            for id in drafts.delete {
                do {
                    try await forge.deleteDraftNote(project, iid: iid, draftID: id)
                } catch let error as ForgeError where error.isNotFound {
                    continue
                }
            }
            if drafts.create.count < plan.inlineComments.count || !drafts.delete.isEmpty {
                logger.info(
                    "reusing drafts left by an earlier run",
                    metadata: ["mr": "\(iid)", "kept": "\(plan.inlineComments.count - drafts.create.count)", "deleted": "\(drafts.delete.count)"]
                )
            }
            kept = plan.inlineComments.filter { comment in !drafts.create.contains(comment) }
            toPost = drafts.create
        }
        for comment in toPost {
            do {
                switch mode {
                case .discussions:
                    _ = try await forge.createDiscussion(project, iid: iid, body: comment.body, position: comment.position)
                case .batch:
                    _ = try await forge.createDraftNote(project, iid: iid, body: comment.body, position: comment.position, inReplyToDiscussionID: nil)
                }
                kept.append(comment)
            } catch let error as ForgeError where error.isInvalidPosition {
                logger.warning(
                    "inline position refused; listing the finding in the summary",
                    metadata: ["mr": "\(iid)", "path": "\(comment.position.newPath)", "error": "\(error)"]
                )
                refused.append(comment.unanchored)
            }
        }
        if mode == .batch, !kept.isEmpty {
            try await forge.publishDraftNotes(project, iid: iid)
        }
        plan.inlineComments = kept
        plan.unanchoredFindings += refused
        return plan
    }
}
