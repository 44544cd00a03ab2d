/// What a gitleaks allowlist lets through: a match is allowed when its criteria hold — any of them
/// (`condition = "OR"`, the default) or all of them (`condition = "AND"`).
///
/// A path criterion never holds. gitleaks' allowlists exempt whole paths (lock files, `vendor/`, images)
/// because a scanner of a whole history would drown in third-party files; every file Warden scans was
/// written by the model under test, which could put a secret in `package-lock.json` just because that
/// path is exempt. Allowlists of secret values (regexes, stopwords) still apply.
struct SecretAllowlist: Sendable {
    /// What ``regexes`` are matched against.
    enum Target: String, Sendable {
        /// The secret (the capture group), gitleaks' default.
        case secret
        /// The whole match of the rule.
        case match
        /// The whole line the match starts on.
        case line
    }

    /// Whether every criterion must hold, or one is enough.
    var requiresAll: Bool
    /// The file paths gitleaks exempts; never matched (see above), but an `AND` allowlist with paths
    /// allows nothing.
    var paths: [SecretPattern]
    /// Patterns that allow a match when they match the ``target``.
    var regexes: [SecretPattern]
    /// What ``regexes`` look at.
    var target: Target
    /// Words that allow a secret containing them (compared in lower case).
    var stopwords: [String]

    /// Whether the allowlist lets this match through.
    ///
    /// - Parameters:
    ///   - secret: the secret the rule extracted.
    ///   - match: the rule's whole match.
    ///   - line: the line the match starts on.
    func allows(secret: String, match: String, line: String) -> Bool {
        var results: [Bool] = []
        if !paths.isEmpty { results.append(false) }
        if !regexes.isEmpty {
            let text: String
            switch target {
            case .secret: text = secret
            case .match: text = match
            case .line: text = line
            }
            results.append(regexes.contains { $0.matches(text) })
        }
        if !stopwords.isEmpty {
            let lowered = secret.lowercased()
            results.append(stopwords.contains { lowered.contains($0) })
        }
        guard !results.isEmpty else { return false }
        return requiresAll ? results.allSatisfy { $0 } : results.contains(true)
    }
}
