/// What a follow-up answer says when the discussion's Codex session could not be resumed (it is not under the
/// answering replica's `CODEX_HOME`) and a fresh thread started instead: the author should know the bot no longer
/// remembers the earlier turns.
enum FreshThreadNotice {
    /// The sentence put above the answer.
    static let text =
        "_I could not resume our earlier conversation in this thread (its Codex session is not available to the replica "
        + "that answered), so I started a fresh one from the merge request._"

    /// `body` with the notice above it.
    static func prefixing(_ body: String) -> String {
        text + "\n\n" + body
    }
}
