/// What to do with one webhook event.
public enum Decision: Sendable, Equatable, Hashable {
    /// Review the merge request at this head.
    case review(ReviewTarget)
    /// Answer the note that mentions the bot.
    case followUp(FollowUpTarget)
    /// Acknowledge the delivery and do nothing.
    case ignore(IgnoreReason)
}
