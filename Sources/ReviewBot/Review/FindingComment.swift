/// The body of a finding's inline thread: the hidden fingerprint marker, a priority badge and the title, then the
/// model's explanation.
///
/// ```
/// <!-- warden:finding 0f3a…-->
/// **P1** · Title, escaped
///
/// Body, as Markdown made safe by ``SafeMarkdown/block(_:)``
/// ```
public enum FindingComment {
    /// The separator between the badge and the title, which ``PostedFinding`` reads back.
    static let titleSeparator = " · "

    /// Renders a finding's comment.
    ///
    /// - Parameters:
    ///   - finding: the finding.
    ///   - fingerprint: its fingerprint, carried in the marker on the first line.
    /// - Returns: the Markdown body.
    public static func body(for finding: ReviewFinding, fingerprint: FindingFingerprint) -> String {
        var lines = [fingerprint.marker, headline(for: finding)]
        let body = finding.body.trimmed()
        if !body.isEmpty { lines += ["", SafeMarkdown.block(body)] }
        return lines.joined(separator: "\n")
    }

    /// `**P1** · Title`, with the title escaped.
    static func headline(for finding: ReviewFinding) -> String {
        "**\(badge(for: finding.priority))**\(titleSeparator)\(SafeMarkdown.inline(finding.title))"
    }

    /// `P0` to `P3`; values outside are clamped.
    static func badge(for priority: Int) -> String {
        "P\(min(max(priority, 0), ReviewOutput.lowestPriority))"
    }
}
