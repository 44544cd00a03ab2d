import Forge

extension ReviewReport {
    /// What `warden review` exits with: 0 when the review raised nothing new (or had nothing to review), 1 when it
    /// raised findings (posted, or printed by a dry run). Failures exit with 2.
    public var exitStatus: Int32 {
        skipped == nil && newFindingCount > 0 ? 1 : 0
    }

    /// The report as `warden review` prints it: what was reviewed, where it went, and the status note's text.
    public var text: String {
        if let skipped {
            return "Nothing to review at \(webURL): \(skipped).\n"
        }
        var lines = ["Reviewed \(webURL) at \(headSHA)\(dryRun ? " (dry run: nothing was posted)" : "")."]
        if let plan {
            let verb = dryRun ? "would start" : "started"
            lines.append("\(verb) \(plan.inlineComments.count) inline thread(s); \(plan.unanchoredFindings.count) finding(s) only in the summary.")
            for comment in plan.inlineComments {
                let path = comment.position.newLine != nil ? comment.position.newPath : comment.position.oldPath
                let line = comment.position.newLine ?? comment.position.oldLine ?? comment.finding.endLine
                lines.append("  \(path):\(line) — \(comment.finding.title)")
            }
        }
        if let statusNoteID {
            lines.append("Status note: \(webURL)#note_\(statusNoteID)")
        }
        if let summary {
            lines.append("")
            lines.append(summary)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
