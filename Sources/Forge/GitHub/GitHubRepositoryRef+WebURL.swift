import Foundation

extension GitHubRepositoryRef {
    /// The repository a web address names: `https://github.com/owner/repo`, with an optional `.git` or trailing `/`,
    /// on `github.com` or on `webHost` (GitHub Enterprise Server's, the host of `github.api_url`).
    ///
    /// - Parameters:
    ///   - webURL: the address as given (`--repo`).
    ///   - webHost: the lower-cased GitHub Enterprise Server host, or `nil`.
    /// - Returns: `nil` for another host or scheme, a path that is not exactly `owner/repo`, or an address with
    ///   credentials, a query or a fragment.
    public init?(webURL: String, webHost: String?) {
        guard let components = URLComponents(string: webURL), let scheme = components.scheme?.lowercased(), scheme == "https" || scheme == "http",
            let host = components.host?.lowercased(), host == "github.com" || host == webHost, components.query == nil, components.fragment == nil,
            components.user == nil, components.password == nil
        else { return nil }
        var parts = components.path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if parts.last == "" { parts.removeLast() }
        guard parts.count == 3, parts[0].isEmpty else { return nil }
        if parts[2].hasSuffix(".git") { parts[2] = String(parts[2].dropLast(4)) }
        guard parts.dropFirst().allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) else { return nil }
        self.init(owner: parts[1], name: parts[2])
    }
}
