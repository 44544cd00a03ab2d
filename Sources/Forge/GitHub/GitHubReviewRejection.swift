/// Recognises GitHub's 422 answers that refuse a review because of an inline comment's anchor.
///
/// A review is all-or-nothing and GitHub does not say which comment failed, only why: "Pull request review thread
/// line must be part of the diff", "… start line must be part of the same hunk as the line", "… diff hunk can't be
/// blank", or a `line`/`side` that is not valid.
public enum GitHubReviewRejection {
    private static let anchorPhrases = [
        "must be part of the diff",
        "must be part of the same hunk",
        "diff hunk can't be blank",
        "line could not be resolved",
        "start_line",
        "is not a valid side",
        "path could not be resolved",
    ]

    /// Whether the 422 message blames an anchor (so leaving anchors out can let the review through).
    public static func isAboutAnchors(_ message: String) -> Bool {
        let lowered = message.lowercased()
        return anchorPhrases.contains { lowered.contains($0) }
    }
}
