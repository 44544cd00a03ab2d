import Foundation

extension IncrementalReviewBenchmark.Report {
    /// The report as a Markdown table: each review's prompt, scope diff and Warden's part, and everything the model
    /// received; then the re-review's share of both. Tokens are estimated at 4 bytes each (English text and code
    /// average about that with OpenAI's tokenizers); the byte figures are exact.
    public var markdown: String {
        func row(_ name: String, _ review: IncrementalReviewBenchmark.Review) -> String {
            "| \(name) | \(review.promptBytes) | \(review.scopeDiffBytes) | \(review.wardenBytes) (~\(review.wardenBytes / 4) tokens) "
                + "| \(review.modelRequestBytes) (~\(review.modelRequestBytes / 4) tokens) in \(review.modelRequests) requests |"
        }
        return """
            synthetic repository of \(files) files; the merge request rewrites \(changedFiles) of them; \(findings) findings \
            from the first review are listed to the re-review

            | review | prompt bytes | scope diff bytes | Warden's part: prompt + diff | everything the model received |
            |---|---|---|---|---|
            \(row("full review of the merge request", full))
            \(row("re-review after a one-line push", incremental))

            re-review / full review: Warden's part \(String(format: "%.1f", wardenRatio * 100)) %, \
            everything the model received \(String(format: "%.1f", modelRatio * 100)) %

            codex's own part of every request (its instructions and tool definitions: first request − prompt): \
            \(full.firstRequestBytes - full.promptBytes) bytes; the second request adds the `git diff` output as \
            codex passed it on (\(full.modelRequestBytes - 2 * full.firstRequestBytes) bytes for the full review's \
            \(full.scopeDiffBytes)-byte diff: codex caps one command's output, so a model reads a large diff in several \
            calls, each request repeating the context — the full review's real cost is higher than this one-call run)
            """
    }
}
