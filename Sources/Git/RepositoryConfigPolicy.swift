/// Which entries of a bare clone's configuration survive before git runs in it with the token.
///
/// The bare clone lives in the data directory, where something Warden did not write may have changed its
/// `config`: an `url.<attacker>.insteadOf` or `pushInsteadOf` sends the next fetch or push — and the token's
/// `Authorization` header with it — elsewhere; so do `remote.origin.pushurl`, an `http.proxy`, an `include.path`
/// to a file of the attacker's choosing, `core.sshCommand` or `core.gitProxy`. Rather than list what is
/// dangerous, the policy keeps only what `git clone --bare` writes (the repository format, `remote.origin.url`)
/// with plain values, and sets `remote.origin.url` to the URL Warden expects. Pure: ``RepositoryConfigGuard`` reads
/// and writes the file.
enum RepositoryConfigPolicy {
    /// One `key = value` of `git config --list`: the key with section and name in lower case, the value (`nil` for a
    /// bare `key`, which means true).
    struct Entry: Sendable, Equatable {
        /// `core.bare`, `remote.origin.url`.
        var key: String
        /// The value as git reads it.
        var value: String?
    }

    /// What the policy decided for one configuration.
    struct Verdict: Sendable, Equatable {
        /// The configuration to use, in order.
        var kept: [Entry]
        /// The keys dropped or changed, for the log.
        var removed: [String]
        /// Whether the file must be rewritten (it differs from ``kept``).
        var needsRewrite: Bool
    }

    /// The keys kept, each with the values accepted.
    static let keptValues: [String: Set<String>] = [
        "core.repositoryformatversion": ["0", "1"],
        "core.filemode": ["true", "false"],
        "core.bare": ["true"],
        "core.ignorecase": ["true", "false"],
        "core.precomposeunicode": ["true", "false"],
        "core.symlinks": ["true", "false"],
        "core.logallrefupdates": ["true", "false"],
        "extensions.objectformat": ["sha1", "sha256"],
        "extensions.refstorage": ["files", "reftable"],
    ]

    /// The remote's key.
    static let remoteURLKey = "remote.origin.url"

    /// The entries of `git config --file <config> --list -z` output (`key\nvalue\0` or `key\0`).
    static func entries(ofListing bytes: [UInt8]) -> [Entry] {
        bytes.split(separator: 0, omittingEmptySubsequences: true).map { record in
            let text = String(decoding: record, as: UTF8.self)
            guard let newline = text.firstIndex(of: "\n") else { return Entry(key: text, value: nil) }
            return Entry(key: String(text[..<newline]), value: String(text[text.index(after: newline)...]))
        }
    }

    /// Keeps the allowed entries (each key once) and exactly one `remote.origin.url`, equal to `remoteURL`.
    ///
    /// - Parameters:
    ///   - entries: the configuration as it is.
    ///   - remoteURL: the URL the remote must have.
    /// - Returns: the configuration to use and whether it differs.
    static func enforce(_ entries: [Entry], remoteURL: String) -> Verdict {
        var kept: [Entry] = []
        var removed: [String] = []
        var seen: Set<String> = []
        for entry in entries {
            let key = entry.key.lowercased()
            if key == remoteURLKey, entry.value == remoteURL, !seen.contains(key) {
                kept.append(Entry(key: key, value: remoteURL))
            } else if let accepted = keptValues[key], let value = entry.value, accepted.contains(value), !seen.contains(key) {
                kept.append(Entry(key: key, value: value))
            } else {
                removed.append(entry.key)
                continue
            }
            seen.insert(key)
        }
        if !seen.contains(remoteURLKey) { kept.append(Entry(key: remoteURLKey, value: remoteURL)) }
        return Verdict(kept: kept, removed: removed, needsRewrite: kept != entries)
    }

    /// The configuration file for `entries` (keys of the form `section.name` or `section.subsection.name`).
    static func render(_ entries: [Entry]) -> String {
        var text = ""
        var currentSection: String?
        for entry in entries {
            let parts = entry.key.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count >= 2, let name = parts.last else { continue }
            let section = parts.count == 2 ? String(parts[0]) : "\(parts[0]) \"\(quoted(parts[1..<(parts.count - 1)].joined(separator: ".")))\""
            if section != currentSection {
                text += "[\(section)]\n"
                currentSection = section
            }
            text += "\t\(name) = \"\(quoted(entry.value ?? "true"))\"\n"
        }
        return text
    }

    /// `value` escaped for a double-quoted configuration value or subsection name.
    private static func quoted(_ value: String) -> String {
        var result = ""
        for character in value {
            switch character {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            default: result.append(character)
            }
        }
        return result
    }
}
