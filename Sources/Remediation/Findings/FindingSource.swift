import Foundation

/// Where the findings of a run come from (`--source`).
public enum FindingSource: Sendable, Hashable, CustomStringConvertible {
    /// A file with one finding id per line; `#` starts a comment.
    case file(path: String)
    /// The open issues of the project carrying this label; each issue is one finding.
    case gitlabIssues(label: String)
    /// Standard input, in the file format.
    case standardInput

    /// Parses `file:PATH`, `gitlab-issues:LABEL` or `stdin`.
    ///
    /// - Parameter text: the option's value.
    /// - Throws: ``RemediationError/invalidSource(_:)`` for any other form or an empty path or label.
    public init(parsing text: String) throws(RemediationError) {
        if text == "stdin" {
            self = .standardInput
        } else if text.hasPrefix("file:"), text.count > 5 {
            self = .file(path: String(text.dropFirst(5)))
        } else if text.hasPrefix("gitlab-issues:"), text.count > 14 {
            self = .gitlabIssues(label: String(text.dropFirst(14)))
        } else {
            throw .invalidSource(text)
        }
    }

    /// The source as written on the command line.
    public var description: String {
        switch self {
        case .file(let path): "file:\(path)"
        case .gitlabIssues(let label): "gitlab-issues:\(label)"
        case .standardInput: "stdin"
        }
    }

    /// The finding ids of a list in the file format: one per line, surrounding blanks trimmed, blank
    /// lines and `#` comments (whole-line or trailing) ignored, repeats dropped, order kept.
    ///
    /// - Parameter text: the list.
    /// - Returns: the findings, titled by their ids.
    public static func findings(inList text: String) -> [Finding] {
        var seen: Set<String> = []
        var findings: [Finding] = []
        for line in text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline) {
            let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let id = content.trimmingCharacters(in: .whitespaces)
            guard !id.isEmpty, seen.insert(id).inserted else { continue }
            findings.append(Finding(id: id))
        }
        return findings
    }

    /// The findings of a GitLab issue: id `issue-<iid>`, the title, the description as details.
    public static func finding(ofIssue iid: Int, title: String, description: String, webURL: String) -> Finding {
        Finding(id: "issue-\(iid)", title: title, details: description, issueIID: iid, webURL: webURL)
    }
}
