import Foundation

/// Checks of caller-supplied values before they reach git's argument list.
///
/// Revisions and refs that begin with `-` would be read as options; worktree names end up in a
/// path; a remote URL with user information would write the credential into the repository's
/// configuration. Each check returns the value to use or throws ``GitError/invalidArgument(_:reason:)``.
enum GitInput {
    /// A full commit id: 40 (SHA-1) or 64 (SHA-256) hexadecimal digits, returned in lowercase.
    static func objectID(_ value: String, name: String = "sha") throws(GitError) -> String {
        let lowered = value.lowercased()
        guard lowered.count == 40 || lowered.count == 64, lowered.allSatisfy(\.isHexDigit) else {
            throw .invalidArgument(name, reason: "\"\(value)\" is not a full commit id")
        }
        return lowered
    }

    /// A worktree name: a plain file name of letters, digits, `.`, `_` and `-`, not starting with `.` or `-`.
    static func worktreeName(_ value: String) throws(GitError) -> String {
        let allowed = value.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0)) }
        guard !value.isEmpty, value.count <= 128, allowed, let first = value.first, first != ".", first != "-" else {
            throw .invalidArgument(
                "worktree name",
                reason: "\"\(value)\" must be 1–128 letters, digits, '.', '_' or '-', not starting with '.' or '-'"
            )
        }
        return value
    }

    /// A revision (`main`, `refs/heads/main`, a commit id, `HEAD~1`): no leading `-`, no whitespace,
    /// control characters or `:`.
    static func revision(_ value: String, name: String = "revision") throws(GitError) -> String {
        guard !value.isEmpty, !value.hasPrefix("-"), !value.contains(":"),
            !value.unicodeScalars.contains(where: { CharacterSet.whitespacesAndNewlines.contains($0) || CharacterSet.controlCharacters.contains($0) })
        else {
            throw .invalidArgument(name, reason: "\"\(value)\" is not a revision")
        }
        return value
    }

    /// A full ref name to fetch or push (`refs/heads/main`, `refs/merge-requests/7/head`).
    static func refName(_ value: String, name: String = "ref") throws(GitError) -> String {
        let forbidden: Set<Character> = [" ", "~", "^", ":", "?", "*", "[", "\\", "\t", "\n"]
        guard value.hasPrefix("refs/"), !value.contains(".."), !value.contains("@{"), !value.hasSuffix("/"), !value.hasSuffix(".lock"),
            !value.contains(where: { forbidden.contains($0) }), value.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F })
        else {
            throw .invalidArgument(name, reason: "\"\(value)\" is not a full ref name")
        }
        return value
    }

    /// A path inside the repository, relative, without `..` components.
    static func repositoryPath(_ value: String) throws(GitError) -> String {
        let components = value.split(separator: "/", omittingEmptySubsequences: false)
        guard !value.isEmpty, !value.hasPrefix("/"), !components.contains(".."), !value.contains("\0") else {
            throw .invalidArgument("path", reason: "\"\(value)\" is not a relative path inside the repository")
        }
        return value
    }

    /// A remote URL without credentials: `https://`, `http://` or `file://`.
    static func remoteURL(_ value: String) throws(GitError) -> String {
        guard let components = URLComponents(string: value), let scheme = components.scheme?.lowercased(),
            ["https", "http", "file"].contains(scheme)
        else {
            throw .invalidArgument("remote URL", reason: "only https://, http:// and file:// URLs are accepted")
        }
        guard components.user == nil, components.password == nil else {
            throw .invalidArgument("remote URL", reason: "the URL carries credentials; pass the token as the credential instead")
        }
        return value
    }
}
