import WardenCore

/// The web address of a merge request or pull request, built only from a configured base URL and percent-encoded
/// path segments, so a hostile project path can neither change the scheme (`javascript:`) nor leave the attribute.
/// Pure, tested as a table.
enum MergeRequestLink {
    /// The link, or `nil` when the base is not an http(s) URL or the path is not a plain `group/project` path.
    ///
    /// - Parameters:
    ///   - forge: GitLab (`<base>/<path>/-/merge_requests/<n>`) or GitHub (`<base>/<owner>/<repo>/pull/<n>`).
    ///   - base: the configured web base (`gitlab.url`, `https://github.com` or the GitHub Enterprise web host).
    ///   - path: the project's path with its namespace (GitHub: `owner/name`).
    ///   - number: the merge request's iid or the pull request's number.
    static func url(forge: ForgeKind, base: String?, path: String?, number: MergeRequestIID) -> String? {
        guard let base = webBase(base), let path, let encoded = encodedPath(path), number > 0 else { return nil }
        switch forge {
        case .gitlab: return "\(base)/\(encoded)/-/merge_requests/\(number)"
        case .github: return "\(base)/\(encoded)/pull/\(number)"
        }
    }

    /// `base` without its trailing slashes when it is an `http://` or `https://` URL with a host and nothing that
    /// could end an attribute or start a query; `nil` otherwise.
    static func webBase(_ base: String?) -> String? {
        guard var base else { return nil }
        while base.hasSuffix("/") { base.removeLast() }
        let lower = base.lowercased()
        guard let scheme = ["https://", "http://"].first(where: { lower.hasPrefix($0) }), base.count > scheme.count else { return nil }
        let forbidden: Set<Character> = ["\"", "'", "<", ">", "`", "?", "#", "\\", "@"]
        guard !base.contains(where: { $0.isWhitespace || forbidden.contains($0) || !$0.isASCII }) else { return nil }
        return base
    }

    /// Each `/`-separated segment percent-encoded (only ASCII letters, digits and `-._~` are kept); `nil` for an
    /// empty path, an empty segment, or `.`/`..`.
    static func encodedPath(_ path: String) -> String? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !segments.isEmpty else { return nil }
        var encoded: [String] = []
        for segment in segments {
            guard !segment.isEmpty, segment != ".", segment != ".." else { return nil }
            var out = ""
            for byte in segment.utf8 {
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                    UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                    out.append(Character(UnicodeScalar(byte)))
                default:
                    out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
                }
            }
            encoded.append(out)
        }
        return encoded.joined(separator: "/")
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
