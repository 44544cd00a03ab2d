/// GitLab's draft title prefixes, for payloads from versions that marked drafts only in the title.
///
/// Mirrors GitLab's `MergeRequest::DRAFT_REGEX` and the older `WIP_REGEX`, case-insensitively: `[Draft]`,
/// `(Draft)`, `Draft:`, `Draft - `, `[WIP]`, `WIP:`, or a title that is only `Draft` or `WIP`.
enum DraftTitlePrefix {
    private static let prefixes = ["[draft]", "(draft)", "draft:", "draft - ", "[wip]", "wip:"]
    private static let wholeTitles: Set<String> = ["draft", "wip"]

    /// Whether `title` marks its merge request as a draft.
    static func marksDraft(_ title: String) -> Bool {
        let folded = String(title.drop(while: \.isWhitespace)).lowercased()
        return prefixes.contains { folded.hasPrefix($0) } || wholeTitles.contains(folded)
    }
}
