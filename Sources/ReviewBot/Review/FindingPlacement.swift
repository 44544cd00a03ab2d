public import Forge

/// Where a finding goes: on a diff line as an inline thread, or into the summary because no diff line fits.
public enum FindingPlacement: Sendable, Hashable {
    /// An inline thread at `position`; `anchorLineContent` is the text of the line it sits on (for the
    /// fingerprint).
    case inline(DiffPosition, anchorLineContent: String)
    /// No line of the finding's range is in the diff; the summary lists it as `path:line`.
    case unanchored(path: String, line: Int, reason: UnanchoredReason)
}

/// Why a finding could not be placed on a diff line.
public enum UnanchoredReason: String, Sendable, Hashable, CaseIterable {
    /// The merge request does not change the file (or the finding names it on the wrong side).
    case fileNotInDiff = "file_not_in_diff"
    /// The forge sent no diff text for the file: binary, too large, collapsed, or only renamed.
    case diffUnavailable = "diff_unavailable"
    /// The file is changed, but none of the finding's lines is in a hunk.
    case lineNotInDiff = "line_not_in_diff"

    /// A few words for the summary, e.g. "not part of the diff".
    public var explanation: String {
        switch self {
        case .fileNotInDiff: "file not changed by this merge request"
        case .diffUnavailable: "diff not available for this file"
        case .lineNotInDiff: "line not part of the diff"
        }
    }
}
