import Foundation

/// A merge request named by its web address: `https://gitlab.example.com/group/project/-/merge_requests/12`.
///
/// The project path is everything between the host (plus any path GitLab is served under) and `/-/merge_requests/`;
/// anything after the number (`/diffs`, a query, a fragment) is ignored.
public struct MergeRequestURL: Sendable, Hashable {
    /// The instance's origin, e.g. `https://gitlab.example.com`.
    public var origin: String
    /// The project's full path, e.g. `group/subgroup/project`.
    public var projectPath: String
    /// The merge request's number within the project.
    public var iid: Int

    /// Parses a merge request's web address.
    ///
    /// - Parameters:
    ///   - text: the address as copied from a browser.
    ///   - instancePath: the path GitLab is served under (`/gitlab` for `https://example.com/gitlab`), if any.
    /// - Returns: `nil` when the text is not an http(s) address of a merge request.
    public init?(_ text: String, instancePath: String = "") {
        guard let components = URLComponents(string: text.trimmingCharacters(in: .whitespacesAndNewlines)),
            let scheme = components.scheme?.lowercased(), scheme == "https" || scheme == "http",
            let host = components.host, !host.isEmpty
        else { return nil }
        var path = Substring(components.path)
        let prefix = instancePath.hasSuffix("/") ? String(instancePath.dropLast()) : instancePath
        if !prefix.isEmpty {
            guard path.hasPrefix(prefix + "/") else { return nil }
            path = path.dropFirst(prefix.count)
        }
        guard let marker = path.range(of: "/-/merge_requests/") else { return nil }
        let project = path[..<marker.lowerBound].split(separator: "/", omittingEmptySubsequences: false)
        guard project.count >= 3, project.first == "", project.dropFirst().allSatisfy({ !$0.isEmpty }) else { return nil }
        let number = path[marker.upperBound...].prefix { $0 != "/" }
        guard let iid = Int(number), iid > 0, number.allSatisfy(\.isASCII) else { return nil }
        let port = components.port.map { ":\($0)" } ?? ""
        self.origin = "\(scheme)://\(host)\(port)"
        self.projectPath = project.dropFirst().joined(separator: "/")
        self.iid = iid
    }
}
