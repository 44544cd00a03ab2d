/// A glob over repository paths, for operator-written lists such as `remediate.binary_allowlist`.
///
/// `*` matches any run of characters but `/`, `**` any run including `/`, `?` one character but `/`; every
/// other character matches itself. A pattern without `/` matches the file name in any directory (`*.png`), one
/// with `/` matches the whole path (`assets/**/*.png`), as in `.gitignore`.
public struct PathGlob: Sendable, Hashable, CustomStringConvertible {
    /// The pattern as written.
    public let description: String
    private let pattern: [Character]
    private let matchesName: Bool

    /// Creates a glob.
    ///
    /// - Parameter pattern: the pattern; a leading `/` anchors it to the repository root.
    public init(_ pattern: String) {
        self.description = pattern
        self.matchesName = !pattern.contains("/")
        self.pattern = Array(pattern.hasPrefix("/") ? String(pattern.dropFirst()) : pattern)
    }

    /// Whether `path` (relative to the repository, `/`-separated) matches.
    public func matches(_ path: String) -> Bool {
        let subject = matchesName ? String(path.split(separator: "/").last ?? "") : path
        return Self.match(pattern[...], Array(subject)[...])
    }

    private static func match(_ pattern: ArraySlice<Character>, _ text: ArraySlice<Character>) -> Bool {
        guard let first = pattern.first else { return text.isEmpty }
        if first == "*" {
            let crossesDirectories = pattern.dropFirst().first == "*"
            let rest = pattern.dropFirst(crossesDirectories ? 2 : 1)
            var candidate = text
            while true {
                if match(rest, candidate) { return true }
                guard let next = candidate.first, crossesDirectories || next != "/" else { return false }
                candidate = candidate.dropFirst()
            }
        }
        guard let character = text.first else { return false }
        guard first == "?" ? character != "/" : first == character else { return false }
        return match(pattern.dropFirst(), text.dropFirst())
    }
}
