import Foundation

/// A GitHub pull request named by its web address: `https://github.com/<owner>/<repo>/pull/<n>`, or the same on a
/// GitHub Enterprise Server host.
///
/// Anything after the number (`/files`, a query, a fragment) is ignored. Whether the host is GitHub's is the
/// caller's decision (`github.com`, or the host of `github.api_url`).
public struct PullRequestURL: Sendable, Hashable {
    /// The lower-cased host, e.g. `github.com`.
    public var host: String
    /// The repository's owner.
    public var owner: String
    /// The repository's name.
    public var repository: String
    /// The pull request's number.
    public var number: Int

    /// Parses a pull request's web address.
    ///
    /// - Returns: `nil` when the text is not an http(s) address of a pull request.
    public init?(_ text: String) {
        guard let components = URLComponents(string: text.trimmingCharacters(in: .whitespacesAndNewlines)),
            let scheme = components.scheme?.lowercased(), scheme == "https" || scheme == "http",
            let host = components.host?.lowercased(), !host.isEmpty
        else { return nil }
        let parts = components.path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 5, parts[0].isEmpty, parts[3] == "pull", !parts[1].isEmpty, !parts[2].isEmpty,
            parts[4].allSatisfy(\.isASCII), let number = Int(parts[4]), number > 0
        else { return nil }
        self.host = host
        self.owner = String(parts[1])
        self.repository = String(parts[2])
        self.number = number
    }
}
