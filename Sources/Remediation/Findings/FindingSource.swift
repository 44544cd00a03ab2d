import Foundation

/// Where the findings of a run come from (`--source`).
public enum FindingSource: Sendable, Hashable, CustomStringConvertible {
    /// A file with one finding id per line; `#` starts a comment.
    case file(path: String)
    /// The open issues of the GitLab project carrying this label; each issue is one finding.
    case gitlabIssues(label: String)
    /// The open issues of the GitHub repository carrying this label (pull requests left out); each issue is one finding.
    case githubIssues(label: String)
    /// The GitHub repository's open Dependabot alerts of these severities (all when empty); each advisory is one finding.
    case githubDependabot(severities: [DependabotSeverity])
    /// Standard input, in the file format.
    case standardInput

    /// The prefix of ``githubDependabot(severities:)``.
    static let dependabotPrefix = "github-dependabot"

    /// Parses `file:PATH`, `gitlab-issues:LABEL`, `github-issues:LABEL`, `github-dependabot[:SEVERITY[,SEVERITY…]]` or
    /// `stdin`.
    ///
    /// - Parameter text: the option's value.
    /// - Throws: ``RemediationError/invalidSource(_:)`` for any other form, an empty path or label, or a severity list
    ///   that names anything but `low`, `medium`, `high` and `critical`.
    public init(parsing text: String) throws(RemediationError) {
        if text == "stdin" {
            self = .standardInput
        } else if text.hasPrefix("file:"), text.count > 5 {
            self = .file(path: String(text.dropFirst(5)))
        } else if text.hasPrefix("gitlab-issues:"), text.count > 14 {
            self = .gitlabIssues(label: String(text.dropFirst(14)))
        } else if text.hasPrefix("github-issues:"), text.count > 14 {
            self = .githubIssues(label: String(text.dropFirst(14)))
        } else if text == Self.dependabotPrefix {
            self = .githubDependabot(severities: [])
        } else if text.hasPrefix(Self.dependabotPrefix + ":"), let severities = DependabotSeverity.list(parsing: String(text.dropFirst(Self.dependabotPrefix.count + 1))) {
            self = .githubDependabot(severities: severities)
        } else {
            throw .invalidSource(text)
        }
    }

    /// The source as written on the command line.
    public var description: String {
        switch self {
        case .file(let path): "file:\(path)"
        case .gitlabIssues(let label): "gitlab-issues:\(label)"
        case .githubIssues(let label): "github-issues:\(label)"
        case .githubDependabot(let severities):
            severities.isEmpty ? Self.dependabotPrefix : Self.dependabotPrefix + ":" + severities.map(\.rawValue).joined(separator: ",")
        case .standardInput: "stdin"
        }
    }

    /// Whether the source reads a GitHub repository (and so needs one).
    public var isGitHub: Bool {
        switch self {
        case .githubIssues, .githubDependabot: true
        default: false
        }
    }

    /// Whether the source reads a GitLab project (and so needs one).
    public var isGitLab: Bool {
        if case .gitlabIssues = self { return true }
        return false
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

    /// The finding of an issue (GitLab or GitHub): id `issue-<iid>`, the title, the description as details.
    public static func finding(ofIssue iid: Int, title: String, description: String, webURL: String) -> Finding {
        Finding(id: "issue-\(iid)", title: title, details: description, issueIID: iid, webURL: webURL)
    }
}
